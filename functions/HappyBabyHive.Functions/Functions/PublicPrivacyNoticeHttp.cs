using HappyBabyHive.Pages.Website;
using HappyBabyHive.Web;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The privacy notice, linked from every form and every email's footer.</summary>
public sealed class PublicPrivacyNoticeHttp(PageResults pages, PrivacyNoticePage notice)
{
    [Function(nameof(PrivacyNotice))]
    public Task<ContentResult> PrivacyNotice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PrivacyNoticeLink.Route)] HttpRequest request) =>
        pages.PageAsync<PrivacyNotice>(request.HttpContext.Response, new PageSpec(HappyBabyHive.Pages.Website.PrivacyNotice.Title, Framing.OwnWebsite), notice.Model());
}
