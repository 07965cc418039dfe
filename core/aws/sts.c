/*
 * STS GetCallerIdentity over the awsQuery protocol: a form-encoded POST
 * with an XML response.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
#include <stdio.h>
#include <string.h>

#include "core/aws/request.h"
#include "core/aws/sts.h"

/* Copy the text of the first <tag>...</tag> of xml into out. Return 0,
 * or -1 when the tag is missing or too long. */
static int
xml_get(const char *xml, const char *tag, char *out, size_t size)
{
	char open[48], close[48];
	const char *start, *end;
	size_t n;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	start = strstr(xml, open);
	if (start == NULL)
		return -1;
	start += strlen(open);
	end = strstr(start, close);
	if (end == NULL || (size_t)(end - start) >= size)
		return -1;
	n = (size_t)(end - start);
	memcpy(out, start, n);
	out[n] = '\0';
	return 0;
}

int
aws_sts_get_caller_identity(const struct aws_config *cfg,
    struct aws_identity *out, struct hc_error *err)
{
	static const char body[] = "Action=GetCallerIdentity&"
	    "Version=2011-06-15";
	struct aws_request req = {
		.service = AWS_SERVICE_STS,
		.operation = "GetCallerIdentity",
		.content_type = "application/x-www-form-urlencoded; "
		    "charset=utf-8",
		.body = body,
		.body_len = sizeof(body) - 1,
	};
	struct aws_response resp;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (aws_request_perform(cfg, &req, &resp, err) < 0)
		return -1;
	if (strstr(resp.body, "<GetCallerIdentityResult>") == NULL ||
	    xml_get(resp.body, "Account", out->account,
	    sizeof(out->account)) < 0 ||
	    xml_get(resp.body, "Arn", out->arn, sizeof(out->arn)) < 0) {
		hc_error_set(err, HC_ERR_REMOTE, "sts GetCallerIdentity: "
		    "invalid response (HTTP %ld)", resp.status);
		hc_error_remote(err, NULL, (int)resp.status,
		    resp.request_id[0] ? resp.request_id : NULL);
		goto out;
	}
	xml_get(resp.body, "UserId", out->user_id, sizeof(out->user_id));
	rc = 0;
out:
	aws_response_done(&resp);
	return rc;
}
