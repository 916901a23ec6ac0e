namespace HappyBabyHive.Text;

public static class Money
{
    public static string Pounds(int pence) => pence == 0
        ? "Free"
        : (pence / 100m).ToString(pence % 100 == 0 ? "£0" : "£0.00", Time.UkDateFormat.Culture);
}
