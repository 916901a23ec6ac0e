using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.Http;

/// <summary>
/// The register as a file download, the same from the console and the admin API: families' names and phone numbers,
/// so never cached, and never sniffed into something a browser would render.
/// </summary>
public static class RegisterCsvDownload
{
    public static FileContentResult For(CourseRegister register, HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(RegisterCsv.Write(register), RegisterCsv.ContentType) { FileDownloadName = RegisterCsv.FileName(register.Course.Id) };
    }
}
