namespace Counseling.Api.Limits;

/// <summary>Writes a problem+json body from middleware, where there is no IResult to return.</summary>
internal static class Problems
{
    public static async Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            }))
        {
            // A client that refuses JSON in Accept still gets the status and the reason.
            await context.Response.WriteAsync(detail);
        }
    }
}
