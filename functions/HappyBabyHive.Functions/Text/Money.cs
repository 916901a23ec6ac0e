namespace HappyBabyHive.Text;

public static class Money
{
    public static string Pounds(int pence) => Pounds((long)pence);

    /// <summary>"£60" for whole pounds, "£62.50" otherwise; "Free" for nothing.</summary>
    public static string Pounds(long pence) => pence == 0
        ? "Free"
        : (pence / 100m).ToString(pence % 100 == 0 ? "£0" : "£0.00", Time.UkDateFormat.Culture);
}
