using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>A course's payments CSV as a download, the same from the console and the admin API: never cached or sniffed.</summary>
public static class PaymentsCsvDownload
{
    public static FileContentResult For(CourseRegister register, HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(PaymentsCsv.Write(register), PaymentsCsv.ContentType) { FileDownloadName = PaymentsCsv.FileName(register.Course.Id) };
    }
}
