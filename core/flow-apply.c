/*
 * The apply step: the secret first, then the files. Files are checked
 * before the secret is written, so an apply that would fail on a file
 * writes nothing to AWS either.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply.h"
#include "core/aws/secretsmanager.h"
#include "core/flow-private.h"
#include "core/lock.h"
#include "core/log.h"

#define SECRET_VALUE_MAX 8192

/* {"username":"...","password":"..."} built inside guarded memory. */
static struct hc_secret *
secret_value(struct flow *flow, struct hc_error *err)
{
	const char *username = flow->answers.dockerhub_username;
	struct hc_secret *value;
	const char *token;
	int rc;

	if (username == NULL || flow->token == NULL) {
		hc_error_set(err, HC_ERR_INPUT, "writing the secret needs the "
		    "Docker Hub username and token");
		return NULL;
	}
	value = hc_secret_new(SECRET_VALUE_MAX, err);
	if (value == NULL)
		return NULL;
	token = hc_secret_open(flow->token);
	rc = hc_secret_append(value, "{\"username\":", 12, err) < 0 ||
	    aws_secretsmanager_append_json_string(value, username,
	    strlen(username), err) < 0 ||
	    hc_secret_append(value, ",\"password\":", 12, err) < 0 ||
	    aws_secretsmanager_append_json_string(value, token,
	    hc_secret_len(flow->token), err) < 0 ||
	    hc_secret_append(value, "}", 1, err) < 0;
	hc_secret_close(flow->token);
	if (rc) {
		hc_secret_free(value);
		return NULL;
	}
	return value;
}

/* CreateSecret in the chosen region; when the name exists, put the new
 * value into it instead, as the answers file promises for "create". */
static int
create_secret(struct flow *flow, struct hc_secret *value,
    struct aws_secret_ref *ref, struct hc_error *err)
{
	const struct answers *answers = &flow->answers;
	struct hc_error create_err;
	char *region;

	region = strdup(answers->secret_region);
	if (region == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	free(flow->aws.region);
	flow->aws.region = region;

	hc_error_init(&create_err);
	if (aws_secretsmanager_create_secret(&flow->aws, answers->secret_name,
	    value, answers->kms_key_id, ref, &create_err) == 0)
		return 0;
	if (strcmp(create_err.remote_code, "ResourceExistsException") != 0) {
		*err = create_err;
		return -1;
	}
	hc_log(HC_LOG_INFO, "flow", "secret %s exists: putting a new value",
	    answers->secret_name);
	aws_secretsmanager_ref_done(ref);
	if (aws_secretsmanager_put_secret_value(&flow->aws,
	    answers->secret_name, value, ref, err) < 0)
		return -1;
	/* The journal, and so undo, must not call the secret new: its
	 * earlier value is still its AWSPREVIOUS version. */
	flow->plan.secret.action = PLAN_SECRET_UPDATE;
	snprintf(flow->plan.secret.arn, sizeof flow->plan.secret.arn, "%s",
	    ref->arn != NULL ? ref->arn : answers->secret_name);
	return 0;
}

/* Write the secret the plan names and return its ARN in arn. */
static int
write_secret(struct flow *flow, char *arn, size_t size,
    struct hc_error *err)
{
	struct aws_secret_ref ref = {0};
	struct hc_secret *value;
	int rc;

	if (flow->plan.secret.action == PLAN_SECRET_NONE) {
		snprintf(arn, size, "%s", flow->plan.secret.arn);
		return 0;
	}
	if (flow_aws_config(flow, err) < 0)
		return -1;
	value = secret_value(flow, err);
	if (value == NULL)
		return -1;
	if (flow->plan.secret.action == PLAN_SECRET_CREATE)
		rc = create_secret(flow, value, &ref, err);
	else
		rc = aws_secretsmanager_put_secret_value(&flow->aws,
		    flow->plan.secret.arn, value, &ref, err);
	hc_secret_free(value);
	if (rc == 0 && ref.arn == NULL) {
		hc_error_set(err, HC_ERR_REMOTE, "Secrets Manager returned no "
		    "ARN");
		rc = -1;
	}
	if (rc == 0) {
		snprintf(arn, size, "%s", ref.arn);
		hc_log(HC_LOG_INFO, "flow", "secret written: %s", ref.arn);
	}
	aws_secretsmanager_ref_done(&ref);
	return rc;
}

/* List the plan's files, relative to the root, for the report. The list
 * ends with "and N more" when it does not fit. */
static void
list_files(const struct plan *plan, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < plan->nfiles; i++) {
		const struct plan_file *file = &plan->files[i];
		char item[PATH_MAX + 16];
		int n;

		n = snprintf(item, sizeof item, "%s%s%s", i > 0 ? ", " : "",
		    file->path, file->old_text == NULL ? " (new)" : "");
		/* Leave room for the tail in case a later item is cut. */
		if (n < 0 || (size_t)n >= sizeof item ||
		    used + (size_t)n + 32 >= size) {
			snprintf(buf + used, size - used, i > 0 ?
			    " and %zu more" : "%zu files", plan->nfiles - i);
			return;
		}
		memcpy(buf + used, item, (size_t)n + 1);
		used += (size_t)n;
	}
}

int
flow_apply(struct flow *flow, struct flow_apply_report *out,
    struct hc_error *err)
{
	struct apply_options options = {0};
	struct apply_result result;
	struct lock *lock = NULL;
	struct plan_secret secret;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (!flow->have_plan) {
		hc_error_set(err, HC_ERR_INTERNAL, "nothing planned to apply");
		return -1;
	}
	/* The review ended with this plan, so the recording is complete. */
	if (flow->answers.unfinished) {
		flow->answers.unfinished = 0;
		if (flow_record(flow, err) < 0)
			return -1;
	}
	if (flow->dry_run) {
		/* The plan was shown; that is all a dry run does. A new
		 * secret's ARN is not known yet, so it stays empty. */
		out->dry_run = 1;
		list_files(&flow->plan, out->files, sizeof out->files);
		if (flow->plan.secret.action != PLAN_SECRET_CREATE)
			snprintf(out->secret_arn, sizeof out->secret_arn,
			    "%s", flow->plan.secret.arn);
		snprintf(out->next_step, sizeof out->next_step, "--dry-run: "
		    "nothing was written; run again without --dry-run to "
		    "apply");
		flow->last_apply = *out;
		flow->applied = 1;
		return 0;
	}
	lock = lock_take(flow->root, err);
	if (lock == NULL)
		return -1;
	if (apply_check(&flow->plan, err) < 0)
		goto out;
	if (write_secret(flow, out->secret_arn, sizeof out->secret_arn,
	    err) < 0) {
		hc_error_prefix(err, "writing the secret");
		goto out;
	}

	/* The review showed a placeholder for the new secret's ARN; plan
	 * again with the real one, which changes only that value. */
	if (flow->placeholder_arn) {
		secret = flow->plan.secret;
		if (flow_plan_for_arn(flow, out->secret_arn, err) < 0) {
			/* Say so: the person must not think nothing changed. */
			hc_error_prefix(err, "the secret %s was created, but "
			    "planning the files with its ARN failed",
			    out->secret_arn);
			goto out;
		}
		flow->plan.secret = secret;
		flow->placeholder_arn = 0;
		if (apply_check(&flow->plan, err) < 0)
			goto out;
	}
	options.lock = lock;
	options.secret_arn = out->secret_arn;
	memset(&result, 0, sizeof result);
	if (apply_plan(&flow->plan, &options, &result, err) < 0)
		goto out;
	out->files_written = result.nwritten;
	list_files(&flow->plan, out->files, sizeof out->files);
	if (flow->repair)
		flow_repair_next_step(flow, out->next_step,
		    sizeof out->next_step);
	else
		snprintf(out->next_step, sizeof out->next_step, "run terraform "
		    "plan in %s to see the change, then terraform apply",
		    flow->root);
	flow->last_apply = *out;
	flow->applied = 1;
	rc = 0;
out:
	lock_release(lock);
	return rc;
}

const struct flow_apply_report *
flow_last_apply(const struct flow *flow)
{
	return flow->applied ? &flow->last_apply : NULL;
}
