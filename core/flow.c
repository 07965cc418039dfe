/*
 * The wizard's steps and answers. Every driver (screens, replay, validate)
 * goes through these functions, so a check made here is made for all.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/arn.h"
#include "core/aws/secretsmanager.h"
#include "core/aws/sts.h"
#include "core/dockerhub/dockerconfig.h"
#include "core/dockerhub/image.h"
#include "core/dockerhub/registry.h"
#include "core/flow-private.h"
#include "core/gitstatus.h"
#include "core/hcl/query.h"
#include "core/log.h"
#include "core/tf/root.h"
#include "core/tf/setup.h"

#define NEW_POLICY "new"
#define NEW_TFVARS "hubcred.auto.tfvars"

static const char *const step_titles[FLOW_STEP_COUNT] = {
	[FLOW_STEP_SCAN] = "Scan",
	[FLOW_STEP_PROJECT] = "Project",
	[FLOW_STEP_DOCKERHUB] = "Docker Hub",
	[FLOW_STEP_SECRET] = "Secret",
	[FLOW_STEP_PERMISSIONS] = "Permissions",
	[FLOW_STEP_REVIEW] = "Review",
	[FLOW_STEP_APPLY] = "Apply",
	[FLOW_STEP_REPAIR] = "Repair",
};

const char *
flow_step_title(enum flow_step step)
{
	if ((unsigned)step >= FLOW_STEP_COUNT)
		return "";
	return step_titles[step];
}

/* The kind of file a recording would replace at its path. */
enum record_target {
	RECORD_FOREIGN,		/* someone's file: never replaced */
	RECORD_NEW,		/* nothing, an empty file, or a recording
				   that was cut short */
	RECORD_FINISHED,	/* a whole recording, kept until the new
				   one is whole too */
};

/* An answers file is a JSON object with a "hubcred_answers" key. */
static enum record_target
record_target(const char *path)
{
	enum record_target target = RECORD_FOREIGN;
	json_error_t jerr;
	struct stat st;
	json_t *doc;

	if (stat(path, &st) < 0)
		return errno == ENOENT ? RECORD_NEW : RECORD_FOREIGN;
	if (!S_ISREG(st.st_mode))
		return RECORD_FOREIGN;
	if (st.st_size == 0)
		return RECORD_NEW;
	if (st.st_size > 1024 * 1024)
		return RECORD_FOREIGN;
	doc = json_load_file(path, 0, &jerr);
	if (json_is_object(doc) &&
	    json_object_get(doc, "hubcred_answers") != NULL)
		target = json_is_true(json_object_get(doc, "unfinished")) ?
		    RECORD_NEW : RECORD_FINISHED;
	json_decref(doc);
	return target;
}

/* The answers file is written after the project is chosen: check at the
 * start that its folder exists and can be written, and that no other
 * file is there, so a typo fails before any question is asked. */
static int
check_record_path(const char *path, struct hc_error *err)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	struct stat st;

	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		hc_error_set_at(err, HC_ERR_USAGE, path, 0, 0, "--record: "
		    "the folder %s does not exist", dir);
		hc_error_hint(err, "create the folder, or record the answers "
		    "to a file in an existing one");
		return -1;
	}
	if (access(dir, W_OK) < 0) {
		hc_error_set_at(err, HC_ERR_USAGE, path, 0, 0, "--record: "
		    "cannot write in the folder %s: %s", dir, strerror(errno));
		hc_error_hint(err, "record the answers to a file in a folder "
		    "you can write");
		return -1;
	}
	if (tf_path_is_terraform(path)) {
		hc_error_set_at(err, HC_ERR_USAGE, path, 0, 0, "--record: "
		    "this is the name of a Terraform file");
	} else if (record_target(path) == RECORD_FOREIGN) {
		hc_error_set_at(err, HC_ERR_USAGE, path, 0, 0, "--record: "
		    "the file exists and is not a hubcred answers file");
	} else {
		return 0;
	}
	hc_error_hint(err, "record the answers to a new file such as "
	    "answers.json; hubcred replaces only an answers file");
	return -1;
}

struct flow *
flow_new(const struct flow_options *options, struct hc_error *err)
{
	const char *root = options->root != NULL ? options->root : ".";
	struct flow *flow;
	struct stat st;

	if (stat(root, &st) < 0) {
		if (errno == ENOENT)
			hc_error_set_at(err, HC_ERR_USAGE, root, 0, 0,
			    "no such folder");
		else
			hc_error_set_at(err, HC_ERR_USAGE, root, 0, 0,
			    "cannot open the folder: %s", strerror(errno));
		hc_error_hint(err, "give the Terraform root with -C DIR");
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		hc_error_set_at(err, HC_ERR_USAGE, root, 0, 0,
		    "not a folder");
		hc_error_hint(err, "give the folder of the Terraform files "
		    "with -C DIR");
		return NULL;
	}
	if (options->record_path != NULL &&
	    check_record_path(options->record_path, err) < 0)
		return NULL;
	flow = calloc(1, sizeof *flow);
	if (flow == NULL)
		goto nomem;
	flow->root = realpath(root, NULL);
	if (flow->root == NULL)
		goto nomem;
	if (options->record_path != NULL) {
		flow->record_path = strdup(options->record_path);
		if (flow->record_path == NULL)
			goto nomem;
	}
	flow->dry_run = options->dry_run;
	answers_init(&flow->answers);
	/* Marked until the review ends, so replay rejects a cut recording.
	 * A whole recording already at the path stays until then. */
	flow->answers.unfinished = flow->record_path != NULL;
	flow->record_later = flow->record_path != NULL &&
	    record_target(flow->record_path) == RECORD_FINISHED;
	aws_config_init(&flow->aws);
	snprintf(flow->default_secret_name, sizeof flow->default_secret_name,
	    "codebuild/dockerhub");
	return flow;

nomem:
	flow_free(flow);
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return NULL;
}

static void
free_choices(struct flow *flow)
{
	size_t i;

	for (i = 0; i < flow->nchoice_strings; i++)
		free(flow->choice_strings[i]);
	free(flow->choice_strings);
	free(flow->policies);
	free(flow->policy_choices);
	free(flow->tfvars_choices);
	flow->choice_strings = NULL;
	flow->nchoice_strings = 0;
	flow->policies = NULL;
	flow->npolicies = 0;
	flow->policy_choices = NULL;
	flow->npolicy_choices = 0;
	flow->tfvars_choices = NULL;
	flow->ntfvars_choices = 0;
}

static void
drop_plan(struct flow *flow)
{
	if (flow->have_plan)
		plan_done(&flow->plan);
	flow->have_plan = 0;
	diff_free(flow->diff);
	flow->diff = NULL;
	free(flow->diff_text);
	flow->diff_text = NULL;
}

void
flow_free(struct flow *flow)
{
	if (flow == NULL)
		return;
	drop_plan(flow);
	free_choices(flow);
	flow_repair_drop(flow);
	free(flow->projects);
	tf_root_free(flow->tf);
	hc_secret_free(flow->token);
	answers_done(&flow->answers);
	aws_config_done(&flow->aws);
	free(flow->record_path);
	free(flow->root);
	free(flow);
}

const char *
flow_root(const struct flow *flow)
{
	return flow->root;
}

int
flow_record(struct flow *flow, struct hc_error *err)
{
	/* A repair is not recorded, because the hunk ids of a fix plan
	 * would mean nothing to a replay of the setup. */
	if (flow->record_path == NULL || flow->repair ||
	    (flow->record_later && flow->answers.unfinished))
		return 0;
	if (answers_save(flow->record_path, &flow->answers, err) < 0) {
		hc_error_prefix(err, "recording the answers");
		return -1;
	}
	return 0;
}

/* ---- Scan ---- */

/* Why a project whose image is on another registry needs no setup. */
static const char *
project_reason(const struct tf_project *project)
{
	switch (project->image_kind) {
	case TF_IMAGE_CODEBUILD:
		return "a CodeBuild managed image is pulled by CodeBuild "
		       "itself: image_pull_credentials_type must stay "
		       "CODEBUILD and no registry credential is needed";
	case TF_IMAGE_OTHER:
		return "the image is not on Docker Hub, so Docker Hub "
		       "credentials do not apply to it";
	case TF_IMAGE_DOCKER_HUB:
	case TF_IMAGE_UNKNOWN:
		break;
	}
	return NULL;
}

int
flow_scan(struct flow *flow, struct hc_error *err)
{
	const struct tf_project *projects;
	struct flow_project *out;
	size_t n;
	size_t i;

	flow_repair_drop(flow);
	tf_root_free(flow->tf);
	free(flow->projects);
	flow->projects = NULL;
	flow->nprojects = 0;
	flow->project = NULL;
	flow->tf = tf_root_load(flow->root, err);
	if (flow->tf == NULL)
		return -1;
	projects = tf_root_projects(flow->tf, &n);
	flow->projects = calloc(n + 1, sizeof *flow->projects);
	if (flow->projects == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		out = &flow->projects[i];
		out->address = projects[i].address;
		out->file = flow->tf->files[projects[i].file].path;
		out->line = projects[i].line;
		out->image = projects[i].image;
		out->image_kind = dockerhub_image_kind_name(
		    dockerhub_image_classify(projects[i].image));
		out->status = projects[i].status;
		out->reason = project_reason(&projects[i]);
		out->selectable = out->reason == NULL;
	}
	flow->nprojects = n;
	hc_log(HC_LOG_INFO, "flow", "scanned %s: %zu files, %zu projects",
	    flow->root, flow->tf->nfiles, n);
	if (n == 0) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "no aws_codebuild_project "
		    "resource in any .tf or .tf.json file below %s",
		    flow->root);
		hc_error_hint(err, "run hubcred in the folder of your "
		    "Terraform configuration, or give it with -C DIR");
		return -1;
	}
	return 0;
}

size_t
flow_project_count(const struct flow *flow)
{
	return flow->nprojects;
}

const struct flow_project *
flow_project_at(const struct flow *flow, size_t index)
{
	return index < flow->nprojects ? &flow->projects[index] : NULL;
}

void
flow_scan_totals(const struct flow *flow, size_t *modules, size_t *files,
    size_t *bytes)
{
	*modules = flow->tf != NULL ? flow->tf->nmodules : 0;
	*files = flow->tf != NULL ? flow->tf->nfiles : 0;
	*bytes = flow->tf != NULL ? flow->tf->bytes : 0;
}

/* ---- Project ---- */

static const char *
keep_string(struct flow *flow, char *text)
{
	char **grown;

	if (text == NULL)
		return NULL;
	grown = realloc(flow->choice_strings,
	    (flow->nchoice_strings + 1) * sizeof *grown);
	if (grown == NULL) {
		free(text);
		return NULL;
	}
	flow->choice_strings = grown;
	flow->choice_strings[flow->nchoice_strings++] = text;
	return text;
}

static const char *
format_string(struct flow *flow, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
format_string(struct flow *flow, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&text, fmt, ap);
	va_end(ap);
	return rc < 0 ? NULL : keep_string(flow, text);
}

static int
collect_policies(struct flow *flow, struct hc_error *err)
{
	const struct tf_policy *policy;
	struct flow_choice *choice;
	size_t i;

	if (tf_project_policies(flow->tf, flow->project, &flow->policies,
	    &flow->npolicies, err) < 0)
		return -1;
	flow->policy_choices = calloc(flow->npolicies + 1,
	    sizeof *flow->policy_choices);
	if (flow->policy_choices == NULL)
		goto nomem;
	for (i = 0; i < flow->npolicies; i++) {
		policy = &flow->policies[i];
		choice = &flow->policy_choices[i];
		choice->value = policy->address;
		choice->label = policy->address;
		choice->usable = policy->editable;
		choice->detail = format_string(flow, "%s:%d, %s%s",
		    flow->tf->files[policy->file].path, policy->line,
		    policy_form_name(policy->form),
		    policy->editable ? "" : " (cannot be edited in place)");
		if (choice->detail == NULL)
			goto nomem;
	}
	choice = &flow->policy_choices[flow->npolicies];
	choice->value = NEW_POLICY;
	choice->label = "a new aws_iam_role_policy";
	choice->detail = flow->project->role[0] != '\0'
	    ? "a dedicated policy for the project's service role"
	    : flow->project->role_why;
	choice->usable = flow->project->role[0] != '\0' ||
	    flow->project->outside != TF_OUTSIDE_NONE;
	flow->npolicy_choices = flow->npolicies + 1;
	return 0;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

static int
collect_tfvars(struct flow *flow, struct hc_error *err)
{
	const struct tf_module *module;
	const char **files = NULL;
	struct flow_choice *choice;
	int have_new = 0;
	size_t n = 0;
	size_t i;

	module = &flow->tf->modules[flow->project->root_module];
	if (tf_root_tfvars_files(flow->tf, module->dir, &files, &n, err) < 0)
		return -1;
	flow->tfvars_choices = calloc(n + 1, sizeof *flow->tfvars_choices);
	if (flow->tfvars_choices == NULL) {
		free(files);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		choice = &flow->tfvars_choices[i];
		choice->value = files[i];
		choice->label = files[i];
		choice->detail = "existing file";
		choice->usable = 1;
		if (strstr(files[i], NEW_TFVARS) != NULL)
			have_new = 1;
	}
	free(files);
	flow->ntfvars_choices = n;
	if (!have_new) {
		choice = &flow->tfvars_choices[n];
		choice->value = strcmp(module->dir, ".") == 0
		    ? NEW_TFVARS
		    : format_string(flow, "%s/%s", module->dir, NEW_TFVARS);
		choice->label = choice->value;
		choice->detail = "new file, read by Terraform automatically";
		choice->usable = choice->value != NULL;
		flow->ntfvars_choices++;
	}
	return 0;
}

int
flow_choose_project(struct flow *flow, const char *address,
    const char *tfvars, struct hc_error *err)
{
	const struct tf_project *projects;
	size_t i, n, found = SIZE_MAX, matches = 0;
	char roots[512] = "";
	int in_folder = 0;

	if (flow->tf != NULL)
		found = tf_root_pick_project(flow->tf, address, tfvars,
		    &matches, &in_folder);
	if (found == SIZE_MAX) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "no project %s in %s",
		    address, flow->root);
		hc_error_hint(err, "hubcred scan -C %s lists the projects",
		    flow->root);
		return -1;
	}
	if (matches > 1 && !in_folder) {
		/* Name the roots, for the person to pick one. */
		projects = tf_root_projects(flow->tf, &n);
		for (i = 0; i < n; i++) {
			if (strcmp(projects[i].address, address) != 0)
				continue;
			snprintf(roots + strlen(roots), sizeof roots -
			    strlen(roots), "%s%s", roots[0] ? ", " : "",
			    flow->tf->modules[projects[i].root_module].dir);
		}
		hc_error_set(err, HC_ERR_INPUT, "%s is in %zu root modules "
		    "(%s), so the address is ambiguous", address,
		    matches, roots);
		hc_error_hint(err, "set \"tfvars\" to a tfvars file in the "
		    "folder of the root you mean, or run hubcred with -C on "
		    "that folder");
		return -1;
	}
	return flow_choose_project_at(flow, found, err);
}

int
flow_choose_project_at(struct flow *flow, size_t i, struct hc_error *err)
{
	const struct tf_project *project, *projects;
	const char *address;
	char variable[128];
	size_t n = 0;

	projects = flow->tf != NULL ? tf_root_projects(flow->tf, &n) : NULL;
	if (i >= n || i >= flow->nprojects) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "no project number %zu in "
		    "%s", i + 1, flow->root);
		return -1;
	}
	project = &projects[i];
	address = flow->projects[i].address;
	if (!flow->projects[i].selectable) {
		hc_error_set_at(err, HC_ERR_UNSUPPORTED,
		    flow->projects[i].file, flow->projects[i].line, 0,
		    "%s pulls %s: %s", address, project->image,
		    flow->projects[i].reason);
		return -1;
	}

	drop_plan(flow);
	free_choices(flow);
	flow->repair = 0;
	flow->project = project;
	flow->project_index = i;
	if (tf_project_credential_variable(project, variable,
	    sizeof variable) > 0 && flow->answers.variable == NULL &&
	    answers_set(&flow->answers.variable, variable, err) < 0)
		return -1;
	if (collect_policies(flow, err) < 0 || collect_tfvars(flow, err) < 0)
		return -1;
	if (answers_set(&flow->answers.project, address, err) < 0)
		return -1;
	hc_log(HC_LOG_INFO, "flow", "project %s (%s)", address,
	    project->status);
	return flow_record(flow, err);
}

const struct flow_project *
flow_project(const struct flow *flow)
{
	return flow->project != NULL ? &flow->projects[flow->project_index]
				     : NULL;
}

int
flow_project_configured(const struct flow *flow)
{
	const struct tf_project *project = flow->project;

	return project != NULL && project->has_pull_type &&
	    project->has_credential && project->has_grant;
}

/* ---- Docker Hub ---- */

/* ASCII whitespace, as pasted around a name or a token. */
static int
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/*
 * Check a Docker Hub account name: 4 to 30 characters, lowercase letters
 * and digits, as Docker Hub's sign-up form requires.
 * NOTE: hyphens and underscores are still accepted, because the tests and
 * examples use example-user. Whether real accounts can have them is
 * unverified.
 */
static int
check_dockerhub_user(const char *username, size_t len, struct hc_error *err)
{
	size_t i;
	char c;

	/* Docker's token prefixes; the value is not repeated, because it
	 * is a secret given in the wrong place. */
	if (strstr(username, "dckr_pat_") != NULL ||
	    strstr(username, "dckr_oat_") != NULL) {
		hc_error_set(err, HC_ERR_INPUT, "the Docker Hub username holds "
		    "an access token");
		hc_error_hint(err, "give the account name as the username and "
		    "the token as the token");
		return -1;
	}
	if (memchr(username, '@', len) != NULL) {
		hc_error_set(err, HC_ERR_INPUT, "\"%.100s\" looks like an "
		    "e-mail address", username);
		hc_error_hint(err, "registry logins take the Docker Hub "
		    "account name, shown at hub.docker.com under your avatar");
		return -1;
	}
	for (i = 0; i < len; i++) {
		c = username[i];
		if (isupper((unsigned char)c)) {
			hc_error_set(err, HC_ERR_INPUT, "invalid Docker Hub "
			    "username \"%.100s\": Docker Hub account names "
			    "are lowercase", username);
			hc_error_hint(err, "type the name in lowercase");
			return -1;
		}
		if (!islower((unsigned char)c) && !isdigit((unsigned char)c) &&
		    c != '-' && c != '_') {
			hc_error_set(err, HC_ERR_INPUT, "invalid Docker Hub "
			    "username \"%.100s\": character %zu is not a "
			    "lowercase letter or a digit", username, i + 1);
			hc_error_hint(err, "a Docker Hub account name has "
			    "lowercase letters and digits only");
			return -1;
		}
	}
	if (len < 4 || len > 30) {
		hc_error_set(err, HC_ERR_INPUT, "invalid Docker Hub username "
		    "\"%.100s\": it has %zu characters, Docker Hub account "
		    "names have 4 to 30", username, len);
		return -1;
	}
	return 0;
}

int
flow_choose_dockerhub_user(struct flow *flow, const char *username,
    struct hc_error *err)
{
	char trimmed[128];
	size_t len;

	while (username != NULL && is_ascii_space(*username))
		username++;
	len = username != NULL ? strlen(username) : 0;
	while (len > 0 && is_ascii_space(username[len - 1]))
		len--;
	if (len == 0) {
		hc_error_set(err, HC_ERR_INPUT, "the Docker Hub username is "
		    "empty");
		return -1;
	}
	if (len >= sizeof trimmed) {
		hc_error_set(err, HC_ERR_INPUT, "invalid Docker Hub username: "
		    "%zu characters, Docker Hub account names have 4 to 30",
		    len);
		return -1;
	}
	memcpy(trimmed, username, len);
	trimmed[len] = '\0';
	if (check_dockerhub_user(trimmed, len, err) < 0)
		return -1;
	if (answers_set(&flow->answers.dockerhub_username, trimmed, err) < 0)
		return -1;
	flow->dockerhub_skipped = 0;
	return flow_record(flow, err);
}

int
flow_skip_dockerhub(struct flow *flow, struct hc_error *err)
{
	hc_secret_free(flow->token);
	flow->token = NULL;
	flow->dockerhub_skipped = 1;
	if (answers_set(&flow->answers.dockerhub_username, NULL, err) < 0)
		return -1;
	return flow_record(flow, err);
}

int
flow_dockerhub_skipped(const struct flow *flow)
{
	return flow->dockerhub_skipped;
}

/* Creating or updating a secret stores the token, which a skipped
 * Docker Hub step did not give. */
static int
check_token_given(const struct flow *flow, struct hc_error *err)
{
	if (!flow->dockerhub_skipped)
		return 0;
	hc_error_set(err, HC_ERR_INPUT, "no Docker Hub credentials were "
	    "given, so there is no token to store");
	hc_error_hint(err, "use an existing secret, or go back and enter "
	    "the Docker Hub username and token");
	return -1;
}

/* Drop ASCII whitespace at both ends of the token, in place: a pasted
 * token often ends in a newline, and Docker Hub then rejects it. */
static void
trim_token(struct hc_secret *token)
{
	struct hc_error ignored;
	size_t len, start = 0;
	char *bytes;

	len = hc_secret_len(token);
	bytes = hc_secret_open_rw(token);
	if (bytes == NULL)
		return;
	while (start < len && is_ascii_space(bytes[start]))
		start++;
	while (len > start && is_ascii_space(bytes[len - 1]))
		len--;
	if (start > 0)
		memmove(bytes, bytes + start, len - start);
	hc_secret_close(token);
	hc_error_init(&ignored);
	hc_secret_set_len(token, len - start, &ignored);
}

void
flow_take_dockerhub_token(struct flow *flow, struct hc_secret *token)
{
	if (token != NULL)
		trim_token(token);
	hc_secret_free(flow->token);
	flow->token = token;
}

int
flow_import_docker_login(struct flow *flow, char *username,
    size_t username_size, char *source, size_t source_size,
    int *is_access_token, struct hc_error *err)
{
	struct dockerhub_dockerconfig_login login;

	memset(&login, 0, sizeof login);
	/* NULL: $DOCKER_CONFIG, else ~/.docker, as docker itself. */
	if (dockerhub_dockerconfig_find(NULL, &login, err) < 0)
		return -1;
	if (flow_choose_dockerhub_user(flow, login.username, err) < 0) {
		dockerhub_dockerconfig_login_done(&login);
		return -1;
	}
	snprintf(username, username_size, "%s", login.username);
	snprintf(source, source_size, "%s", login.source);
	*is_access_token = login.is_access_token;
	flow_take_dockerhub_token(flow, login.secret);
	login.secret = NULL;
	dockerhub_dockerconfig_login_done(&login);
	hc_log(HC_LOG_INFO, "flow", "Docker Hub login of %s imported from %s",
	    username, source);
	return 0;
}

/* The CA bundle for Docker Hub: HUBCRED_CA_BUNDLE, else SSL_CERT_FILE,
 * else libcurl's default store. */
static const char *
dockerhub_ca_file(void)
{
	const char *ca = getenv("HUBCRED_CA_BUNDLE");

	if (ca == NULL || ca[0] == '\0')
		ca = getenv("SSL_CERT_FILE");
	return ca != NULL && ca[0] != '\0' ? ca : NULL;
}

/* The repository checked for pull access: the project's image, or an
 * official image when the image is an expression hubcred cannot
 * evaluate, which still proves the credentials. */
static int
image_to_check(const struct flow *flow, struct dockerhub_image *image,
    int *exact)
{
	struct hc_error ignored;

	hc_error_init(&ignored);
	*exact = flow->project != NULL &&
	    dockerhub_image_parse(flow->project->image, image, &ignored) == 0 &&
	    image->kind == DOCKERHUB_IMAGE_DOCKER_HUB;
	if (*exact)
		return 0;
	hc_error_init(&ignored);
	return dockerhub_image_parse("library/busybox:latest", image,
	    &ignored);
}

static void
report_limits(struct dockerhub_registry *registry,
    const struct dockerhub_image *image, const char *username,
    struct hc_secret *token, struct flow_dockerhub_report *out)
{
	struct dockerhub_limits limits;
	struct hc_error ignored;

	hc_error_init(&ignored);
	memset(&limits, 0, sizeof limits);
	dockerhub_ratelimit_init(&limits.anonymous);
	dockerhub_ratelimit_init(&limits.user);
	/* The limits are information, so a failed probe only leaves the
	 * line empty. */
	dockerhub_registry_probe_limits(registry, image, username, token,
	    &limits, &ignored);
	if (limits.anonymous.checked || limits.user.checked)
		dockerhub_ratelimit_format(&limits.anonymous, &limits.user,
		    username, out->rate_limits, sizeof out->rate_limits);
}

int
flow_check_dockerhub(struct flow *flow, struct flow_dockerhub_report *out,
    struct hc_error *err)
{
	struct dockerhub_registry_config config = {0};
	struct dockerhub_login_result result;
	const char *username = flow->answers.dockerhub_username;
	struct dockerhub_registry *registry;
	struct dockerhub_image image;
	struct hc_error check;
	int exact;

	memset(out, 0, sizeof *out);
	if (username == NULL || flow->token == NULL) {
		hc_error_set(err, HC_ERR_INPUT, "no Docker Hub %s given",
		    username == NULL ? "username" : "token");
		return -1;
	}
	if (image_to_check(flow, &image, &exact) < 0) {
		hc_error_set(err, HC_ERR_INTERNAL, "cannot name an image to "
		    "check");
		return -1;
	}
	config.ca_file = dockerhub_ca_file();
	registry = dockerhub_registry_new(&config, err);
	if (registry == NULL)
		return -1;

	hc_error_init(&check);
	memset(&result, 0, sizeof result);
	if (dockerhub_registry_check_login(registry, &image, username,
	    flow->token, &result, &check) == 0) {
		out->ok = 1;
		snprintf(out->summary, sizeof out->summary, "%s can pull "
		    "%s%s", username, image.path, exact ? "" :
		    " (the project's image is an expression, so an official "
		    "image was checked)");
	} else {
		snprintf(out->summary, sizeof out->summary, "%s", check.message);
		snprintf(out->hint, sizeof out->hint, "%s", check.hint);
	}
	report_limits(registry, &image, username, out->ok ? flow->token : NULL,
	    out);
	dockerhub_registry_free(registry);
	hc_log(HC_LOG_INFO, "flow", "Docker Hub check for %s: %s", username,
	    dockerhub_registry_login_status_text(result.status));
	return 0;
}

/* ---- Secret ---- */

const char *
flow_default_secret_name(const struct flow *flow)
{
	return flow->default_secret_name;
}

/*
 * The region of the root module's provider "aws" block when it is not a
 * literal, such as var.region: resolved through the variable's default
 * and the root's tfvars. buf is "" when it cannot be.
 */
static void
provider_region(const struct flow *flow, char *buf, size_t size)
{
	const struct tf_module *m =
	    &flow->tf->modules[flow->project->root_module];
	const char *const aws[1] = {"aws"};
	const struct hcl_item *item, *attr;
	const struct hcl_file *hcl;
	size_t k, cursor;

	for (k = 0; k < m->nfiles; k++) {
		hcl = flow->tf->files[m->files[k]].hcl;
		cursor = 0;
		while ((item = hcl_body_next_block(hcl, &hcl->body, &cursor,
		    "provider", aws, 1)) != NULL) {
			attr = hcl_body_attribute(hcl, &item->body, "region");
			if (attr != NULL && tf_project_resolve(flow->tf,
			    flow->project, 0, hcl, attr->expr, buf, size) > 0)
				return;
		}
	}
	buf[0] = '\0';
}

const char *
flow_default_region(const struct flow *flow)
{
	struct flow *mutable = (struct flow *)flow;
	const char *region;

	region = getenv("AWS_REGION");
	if (region == NULL || region[0] == '\0')
		region = getenv("AWS_DEFAULT_REGION");
	if ((region == NULL || region[0] == '\0') && flow->aws_loaded)
		region = flow->aws.region;
	if ((region == NULL || region[0] == '\0') && flow->project != NULL &&
	    flow->tf != NULL)
		region = flow->tf->modules[flow->project->root_module].region;
	snprintf(mutable->default_region, sizeof mutable->default_region,
	    "%s", region != NULL ? region : "");
	if (mutable->default_region[0] == '\0' && flow->project != NULL &&
	    flow->tf != NULL)
		provider_region(flow, mutable->default_region,
		    sizeof mutable->default_region);
	return flow->default_region;
}

int
flow_aws_config(struct flow *flow, struct hc_error *err)
{
	const char *fallback = NULL;

	if (flow->aws_loaded)
		return 0;
	/* A failed load is not tried again unless the person asks
	 * (flow_aws_retry()): a role profile would send AssumeRole again
	 * at each best-effort step, which hides the first error. A
	 * cancelled load is tried again. */
	if (flow->aws_failed) {
		if (err != NULL && !hc_error_is_set(err))
			*err = flow->aws_error;
		return -1;
	}
	if (flow->project != NULL)
		fallback = flow->tf->modules[flow->project->root_module].region;
	if (fallback != NULL && fallback[0] == '\0')
		fallback = NULL;
	aws_config_done(&flow->aws);
	aws_config_init(&flow->aws);
	hc_error_init(&flow->aws_error);
	if (aws_config_load(&flow->aws, fallback, &flow->aws_error) < 0) {
		flow->aws_failed = flow->aws_error.code != HC_ERR_CANCELLED;
		if (err != NULL && !hc_error_is_set(err))
			*err = flow->aws_error;
		return -1;
	}
	flow->aws_loaded = 1;
	return 0;
}

void
flow_aws_retry(struct flow *flow)
{
	flow->aws_failed = 0;
}

int
flow_aws_identity(struct flow *flow, char *account, size_t account_size,
    char *principal, size_t principal_size, struct hc_error *err)
{
	struct aws_identity identity;

	/* The identity cannot change during a run, so STS is asked once. */
	if (flow->account[0] == '\0') {
		if (flow_aws_config(flow, err) < 0 ||
		    aws_sts_get_caller_identity(&flow->aws, &identity,
		    err) < 0)
			return -1;
		snprintf(flow->account, sizeof flow->account, "%s",
		    identity.account);
		snprintf(flow->principal, sizeof flow->principal, "%s",
		    identity.arn);
	}
	snprintf(account, account_size, "%s", flow->account);
	snprintf(principal, principal_size, "%s", flow->principal);
	return 0;
}

/* Secrets Manager names: 1 to 512 of ASCII letters, digits and /_+=.@-,
 * and not ending in "-" plus six characters, which partial-ARN lookups
 * would mistake for the random suffix. */
static int
check_secret_name(const char *name, struct hc_error *err)
{
	size_t len = name != NULL ? strlen(name) : 0;
	size_t i;

	if (len == 0 || len > 512) {
		hc_error_set(err, HC_ERR_INPUT, "a secret name has 1 to 512 "
		    "characters");
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)name[i]) &&
		    strchr("/_+=.@-", name[i]) == NULL) {
			hc_error_set(err, HC_ERR_INPUT, "invalid character "
			    "'%c' in secret name \"%.200s\"", name[i], name);
			hc_error_hint(err, "use letters, digits and /_+=.@-");
			return -1;
		}
	}
	if (len >= 7 && name[len - 7] == '-') {
		hc_error_set(err, HC_ERR_INPUT, "secret name \"%.200s\" ends "
		    "in a hyphen and six characters, which Secrets Manager "
		    "confuses with the suffix of an ARN", name);
		hc_error_hint(err, "choose a name that does not end like "
		    "-abc123");
		return -1;
	}
	return 0;
}

/*
 * Region codes are a two-letter area (or "eusc", the European Sovereign
 * Cloud), an optional "gov", "iso*" or country part, a direction and a
 * number: eu-west-1, us-gov-west-1, eusc-de-east-1.
 * Checking the shape, not a list, keeps regions newer than hubcred open.
 */
static int
check_region_shape(const char *region, struct hc_error *err)
{
	static const char *const directions[] = {
		"north", "south", "east", "west", "central", "northeast",
		"northwest", "southeast", "southwest",
	};
	char area[8] = "", part[16] = "", direction[16] = "";
	const char *p = region;
	size_t i;
	int n = 0;

	if (sscanf(p, "%7[a-z]-%n", area, &n) == 1 && n > 0 &&
	    (strlen(area) == 2 || strcmp(area, "eusc") == 0)) {
		p += n;
		n = 0;
		if (sscanf(p, "%15[a-z]-%n", part, &n) == 1 && n > 0 &&
		    (strcmp(part, "gov") == 0 || strncmp(part, "iso", 3) == 0 ||
		    strlen(part) == 2))
			p += n;
		n = 0;
		if (sscanf(p, "%15[a-z]-%n", direction, &n) == 1 && n > 0) {
			p += n;
			for (i = 0; i < sizeof directions /
			    sizeof directions[0]; i++)
				if (strcmp(direction, directions[i]) == 0 &&
				    isdigit((unsigned char)p[0]) &&
				    strspn(p, "0123456789") == strlen(p))
					return 0;
		}
	}
	hc_error_set(err, HC_ERR_INPUT, "\"%.60s\" is not an AWS region",
	    region);
	hc_error_hint(err, "a region looks like eu-west-1 or us-east-2");
	return -1;
}

static int
check_region(const char *region, struct hc_error *err)
{
	size_t i;

	if (region == NULL || region[0] == '\0') {
		hc_error_set(err, HC_ERR_INPUT, "no AWS region for the "
		    "secret");
		hc_error_hint(err, "set AWS_REGION, or give the region of "
		    "the CodeBuild project");
		return -1;
	}
	for (i = 0; region[i] != '\0'; i++) {
		if (!islower((unsigned char)region[i]) &&
		    !isdigit((unsigned char)region[i]) && region[i] != '-') {
			hc_error_set(err, HC_ERR_INPUT, "invalid AWS region "
			    "\"%.60s\"", region);
			hc_error_hint(err, "a region looks like eu-west-1");
			return -1;
		}
	}
	return check_region_shape(region, err);
}

static int
set_secret(struct flow *flow, enum answers_secret_action action,
    const char *name, const char *region, const char *arn,
    const char *kms_key_id, struct hc_error *err)
{
	struct answers *answers = &flow->answers;

	if (kms_key_id != NULL && kms_key_id[0] == '\0')
		kms_key_id = NULL;
	drop_plan(flow);
	answers->secret_action = action;
	if (answers_set(&answers->secret_name, name, err) < 0 ||
	    answers_set(&answers->secret_region, region, err) < 0 ||
	    answers_set(&answers->secret_arn, arn, err) < 0 ||
	    answers_set(&answers->kms_key_id, kms_key_id, err) < 0)
		return -1;
	return flow_record(flow, err);
}

int
flow_check_kms_key(const char *kms_key_id, struct hc_error *err)
{
	struct hc_error parse_err;
	struct arn arn;

	if (kms_key_id == NULL || kms_key_id[0] == '\0')
		return 0;
	hc_error_init(&parse_err);
	if (arn_parse(kms_key_id, &arn, &parse_err) < 0 ||
	    strcmp(arn.service, "kms") != 0) {
		hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" is not the ARN of "
		    "a KMS key", kms_key_id);
		hc_error_hint(err, "give the key ARN, arn:aws:kms:REGION:"
		    "ACCOUNT:key/ID, so the role can be allowed kms:Decrypt");
		return -1;
	}
	return 0;
}

int
flow_check_secret_create(const struct flow *flow, const char *name,
    const char *region, const char *kms_key_id, struct hc_error *err)
{
	if (check_token_given(flow, err) < 0 ||
	    check_secret_name(name, err) < 0 || check_region(region, err) < 0 ||
	    flow_check_kms_key(kms_key_id, err) < 0)
		return -1;
	return 0;
}

int
flow_choose_secret_create(struct flow *flow, const char *name,
    const char *region, const char *kms_key_id, struct hc_error *err)
{
	if (flow_check_secret_create(flow, name, region, kms_key_id, err) < 0)
		return -1;
	return set_secret(flow, ANSWERS_SECRET_CREATE, name, region, NULL,
	    kms_key_id, err);
}

int
flow_choose_secret_use(struct flow *flow, const char *arn,
    const char *kms_key_id, struct hc_error *err)
{
	if (arn_parse_secret(arn, NULL, err) < 0 ||
	    flow_check_kms_key(kms_key_id, err) < 0)
		return -1;
	return set_secret(flow, ANSWERS_SECRET_USE, NULL, NULL, arn,
	    kms_key_id, err);
}

int
flow_choose_secret_update(struct flow *flow, const char *arn,
    const char *kms_key_id, struct hc_error *err)
{
	if (check_token_given(flow, err) < 0 ||
	    arn_parse_secret(arn, NULL, err) < 0 ||
	    flow_check_kms_key(kms_key_id, err) < 0)
		return -1;
	return set_secret(flow, ANSWERS_SECRET_UPDATE, NULL, NULL, arn,
	    kms_key_id, err);
}

/* ---- Permissions ---- */

size_t
flow_policy_count(const struct flow *flow)
{
	return flow->npolicy_choices;
}

const struct flow_choice *
flow_policy_at(const struct flow *flow, size_t index)
{
	return index < flow->npolicy_choices ? &flow->policy_choices[index]
					     : NULL;
}

/* The values of choices as "a, b or c", for a hint. */
static void
list_choices(const struct flow_choice *choices, size_t n, char *buf,
    size_t size)
{
	const char *separator;
	size_t i, used = 0;
	int rc;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		separator = ", ";
		if (i == 0)
			separator = "";
		else if (i + 1 == n)
			separator = " or ";
		rc = snprintf(buf + used, size - used, "%s%s", separator,
		    choices[i].value);
		if (rc < 0)
			break;
		used += (size_t)rc;
	}
}

/*
 * 1 when address (with the project's module prefix) names a resource or
 * data source of the project's module: "data.T.N" or "T.N", anything
 * after that (".inline_policy[0]") ignored.
 */
static int
policy_block_exists(const struct flow *flow, const char *address)
{
	const struct tf_project *project = flow->project;
	const char *tail = strrchr(project->address, '.');
	const char *section = "resource";
	char type[128], name[128];
	size_t prefix, file;

	/* The project's own type and name are its last two parts. */
	while (tail != NULL && tail > project->address && tail[-1] != '.')
		tail--;
	prefix = tail != NULL && tail > project->address
	    ? (size_t)(tail - project->address) : 0;
	if (strncmp(address, project->address, prefix) != 0)
		return 0;
	address += prefix;
	if (strncmp(address, "data.", 5) == 0) {
		section = "data";
		address += 5;
	}
	if (sscanf(address, "%127[^.].%127[^.[]", type, name) != 2)
		return 0;
	return tf_root_find_block(flow->tf, project->module, section, type,
	    name, &file) != NULL || tf_root_find_json_resource(flow->tf,
	    project->module, section, type, name, &file) != NULL;
}

int
flow_choose_policy(struct flow *flow, const char *address,
    struct hc_error *err)
{
	const struct flow_choice *choice = NULL;
	char candidates[512];
	size_t i;

	for (i = 0; i < flow->npolicy_choices; i++) {
		if (strcmp(flow->policy_choices[i].value, address) == 0)
			choice = &flow->policy_choices[i];
	}
	/* The resource that attaches a document names it too: an
	 * aws_iam_role_policy whose policy is a policy document's JSON. */
	for (i = 0; choice == NULL && i < flow->npolicies; i++) {
		if (strcmp(flow->policies[i].via, address) == 0 &&
		    strcmp(flow->policies[i].via,
		    flow->policies[i].address) != 0) {
			choice = &flow->policy_choices[i];
			address = choice->value;
		}
	}
	if (choice == NULL) {
		list_choices(flow->policy_choices, flow->npolicy_choices,
		    candidates, sizeof candidates);
		if (flow->project != NULL &&
		    !policy_block_exists(flow, address))
			hc_error_set(err, HC_ERR_NOT_FOUND, "no policy %s in "
			    "the module of %s", address,
			    flow->project->address);
		else
			hc_error_set(err, HC_ERR_NOT_FOUND, "%s does not grant "
			    "the service role of %s its permissions", address,
			    flow->project != NULL ? flow->project->address
						  : "?");
		hc_error_hint(err, "choose %s (\"new\" adds a dedicated "
		    "aws_iam_role_policy)", candidates);
		return -1;
	}
	if (!choice->usable) {
		hc_error_set(err, HC_ERR_UNSUPPORTED, "%s cannot be edited "
		    "(%s)", address, choice->detail);
		hc_error_hint(err, "choose \"new\" for a dedicated "
		    "aws_iam_role_policy");
		return -1;
	}
	drop_plan(flow);
	if (answers_set(&flow->answers.policy, address, err) < 0)
		return -1;
	return flow_record(flow, err);
}

size_t
flow_tfvars_count(const struct flow *flow)
{
	return flow->ntfvars_choices;
}

const struct flow_choice *
flow_tfvars_at(const struct flow *flow, size_t index)
{
	return index < flow->ntfvars_choices ? &flow->tfvars_choices[index]
					     : NULL;
}

static int
has_suffix(const char *text, const char *suffix)
{
	size_t n = strlen(text), m = strlen(suffix);

	return n >= m && strcmp(text + n - m, suffix) == 0;
}

int
flow_choose_tfvars(struct flow *flow, const char *path,
    struct hc_error *err)
{
	char candidates[512];
	size_t i;

	for (i = 0; i < flow->ntfvars_choices; i++) {
		if (strcmp(flow->tfvars_choices[i].value, path) == 0)
			break;
	}
	if (i == flow->ntfvars_choices) {
		/* Only the root's own tfvars files and the one new file the
		 * wizard offers: a value elsewhere is never read by
		 * Terraform, and a typo would silently create a file. */
		list_choices(flow->tfvars_choices, flow->ntfvars_choices,
		    candidates, sizeof candidates);
		if (!has_suffix(path, ".tfvars") &&
		    !has_suffix(path, ".tfvars.json"))
			hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" is not a "
			    "tfvars file: Terraform reads variable values "
			    "only from .tfvars and .tfvars.json files", path);
		else
			hc_error_set(err, HC_ERR_NOT_FOUND, "tfvars file "
			    "\"%.200s\" not found in the root module of %s",
			    path, flow->project != NULL
			    ? flow->project->address : "?");
		hc_error_hint(err, "choose one of the root module's tfvars "
		    "files: %s", candidates);
		return -1;
	}
	drop_plan(flow);
	if (answers_set(&flow->answers.tfvars, path, err) < 0)
		return -1;
	return flow_record(flow, err);
}

const char *
flow_variable(const struct flow *flow)
{
	return flow->answers.variable != NULL ? flow->answers.variable
					      : TF_SETUP_DEFAULT_VARIABLE;
}

/* Names Terraform reserves for module call arguments and meta-arguments.
 * terraform init rejects a variable with one of them. */
static const char *const reserved_variables[] = {
	"count", "depends_on", "for_each", "lifecycle", "locals",
	"providers", "source", "version",
};

/* 1 when text looks like the ARN of a Secrets Manager secret, full or
 * partial: what hubcred writes into its variable. */
static int
is_secret_arn(const char *text)
{
	return strncmp(text, "arn:", 4) == 0 &&
	    strstr(text, ":secretsmanager:") != NULL &&
	    strstr(text, ":secret:") != NULL;
}

/* 1 when a tfvars file of the project's root module sets name to a
 * secret ARN. */
static int
tfvars_has_secret_arn(const struct flow *flow, const char *name)
{
	const struct tf_module *module;
	const struct tf_file *file;
	const struct hcl_item *item;
	const char **files = NULL;
	struct hc_error ignored;
	char value[2048];
	json_t *json;
	size_t i, n = 0;
	long index;
	int found = 0;

	hc_error_init(&ignored);
	module = &flow->tf->modules[flow->project->root_module];
	if (tf_root_tfvars_files(flow->tf, module->dir, &files, &n,
	    &ignored) < 0)
		return 0;
	for (i = 0; i < n && !found; i++) {
		index = tf_root_file_index(flow->tf, files[i]);
		if (index < 0)
			continue;
		file = &flow->tf->files[index];
		if (file->hcl != NULL) {
			item = hcl_body_attribute(file->hcl, &file->hcl->body,
			    name);
			found = item != NULL && hcl_expr_string(file->hcl,
			    item->expr, value, sizeof value) >= 0 &&
			    is_secret_arn(value);
		} else if (file->json != NULL) {
			json = json_object_get(file->json, name);
			found = json_is_string(json) &&
			    is_secret_arn(json_string_value(json));
		}
	}
	free(files);
	return found;
}

/* 1 when the default of variable block item (in HCL file h) or json is a
 * secret ARN. */
static int
default_is_secret_arn(const struct hcl_file *h, const struct hcl_item *item,
    json_t *json)
{
	const struct hcl_item *def;
	char value[2048];

	if (item != NULL) {
		def = hcl_body_attribute(h, &item->body, "default");
		return def != NULL && hcl_expr_string(h, def->expr, value,
		    sizeof value) >= 0 && is_secret_arn(value);
	}
	json = json != NULL ? json_object_get(json, "default") : NULL;
	return json_is_string(json) && is_secret_arn(json_string_value(json));
}

/* Line of the first "name" key in a JSON file's text, or 0. */
static int
json_key_line(const struct tf_file *file, const char *name)
{
	char key[160];
	const char *at;
	int line = 1;
	size_t i;

	snprintf(key, sizeof key, "\"%s\"", name);
	at = file->text != NULL ? strstr(file->text, key) : NULL;
	if (at == NULL)
		return 0;
	for (i = 0; file->text + i < at; i++)
		line += file->text[i] == '\n';
	return line;
}

/*
 * Find a declaration of variable name in the modules between the root
 * module and the project's. Sets *file and *line and returns 1 when
 * there is one. *has_arn is 1 when its default is a secret ARN.
 */
static int
find_declaration(const struct flow *flow, const char *name, size_t *file,
    int *line, int *has_arn)
{
	const struct tf_project *project = flow->project;
	const struct hcl_item *item;
	const struct hcl_file *h;
	json_t *json;
	int modules[TF_MAX_DEPTH + 2];
	size_t i, n = 0;

	modules[n++] = project->root_module;
	for (i = 0; i < project->nchain && n < TF_MAX_DEPTH + 1; i++)
		modules[n++] = project->chain[i].module;
	modules[n++] = project->module;
	for (i = 0; i < n; i++) {
		item = tf_root_find_block(flow->tf, modules[i], "variable",
		    name, NULL, file);
		if (item != NULL) {
			h = flow->tf->files[*file].hcl;
			*line = (int)h->tokens[item->first].line;
			*has_arn = default_is_secret_arn(h, item, NULL);
			return 1;
		}
		json = tf_root_find_json_block(flow->tf, modules[i],
		    "variable", name, file);
		if (json != NULL) {
			*line = json_key_line(&flow->tf->files[*file], name);
			*has_arn = default_is_secret_arn(NULL, NULL, json);
			return 1;
		}
	}
	return 0;
}

/* Return 1 when the variable name is free for hubcred, or already its
 * own: it has hubcred's default name, the project's registry_credential
 * reads it, or its value is a secret ARN. */
static int
variable_usable(const struct flow *flow, const char *name, size_t *file,
    int *line)
{
	char used[128];
	int has_arn = 0;

	if (flow->project == NULL || flow->tf == NULL ||
	    strcmp(name, TF_SETUP_DEFAULT_VARIABLE) == 0)
		return 1;
	if (!find_declaration(flow, name, file, line, &has_arn))
		return 1;
	if (tf_project_credential_variable(flow->project, used,
	    sizeof used) > 0 && strcmp(used, name) == 0)
		return 1;
	return has_arn || tfvars_has_secret_arn(flow, name);
}

/* Reject a name that an unrelated variable already has, naming where it
 * is declared and a free name. */
static int
check_variable_free(const struct flow *flow, const char *name,
    struct hc_error *err)
{
	char free_name[160];
	size_t file, ignored_file;
	int line, ignored_line, i;

	if (variable_usable(flow, name, &file, &line))
		return 0;
	snprintf(free_name, sizeof free_name, "%s",
	    TF_SETUP_DEFAULT_VARIABLE);
	for (i = 2; i < 100 && !variable_usable(flow, free_name,
	    &ignored_file, &ignored_line); i++)
		snprintf(free_name, sizeof free_name, "%s_%d",
		    TF_SETUP_DEFAULT_VARIABLE, i);
	hc_error_set_at(err, HC_ERR_INPUT, flow->tf->files[file].path, line,
	    0, "variable \"%.100s\" is already declared here for another "
	    "use (no registry_credential reads it, and its value is not "
	    "a secret ARN)", name);
	hc_error_hint(err, "choose a free name, such as %s", free_name);
	return -1;
}

int
flow_choose_variable(struct flow *flow, const char *name,
    struct hc_error *err)
{
	size_t i;

	if (name == NULL || !(isalpha((unsigned char)name[0]) ||
	    name[0] == '_')) {
		hc_error_set(err, HC_ERR_INPUT, "invalid variable name "
		    "\"%.100s\"", name != NULL ? name : "");
		hc_error_hint(err, "a Terraform variable name starts with a "
		    "letter and has letters, digits, _ and -");
		return -1;
	}
	for (i = 1; name[i] != '\0'; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-') {
			hc_error_set(err, HC_ERR_INPUT, "invalid variable name "
			    "\"%.100s\": '%c' is not allowed", name, name[i]);
			hc_error_hint(err, "a Terraform variable name has "
			    "letters, digits, _ and -");
			return -1;
		}
	}
	if (i > 100) {
		hc_error_set(err, HC_ERR_INPUT, "variable name \"%.40s...\" "
		    "is longer than 100 characters", name);
		return -1;
	}
	for (i = 0; i < sizeof reserved_variables /
	    sizeof reserved_variables[0]; i++) {
		if (strcmp(name, reserved_variables[i]) == 0) {
			hc_error_set(err, HC_ERR_INPUT, "\"%s\" is reserved "
			    "by Terraform for module arguments and cannot "
			    "name a variable", name);
			hc_error_hint(err, "choose another name, such as %s",
			    TF_SETUP_DEFAULT_VARIABLE);
			return -1;
		}
	}
	if (check_variable_free(flow, name, err) < 0)
		return -1;
	drop_plan(flow);
	if (answers_set(&flow->answers.variable, name, err) < 0)
		return -1;
	return flow_record(flow, err);
}

/* ---- Review ---- */

int
flow_choose_hunks(struct flow *flow, const char *const *ids, size_t n,
    struct hc_error *err)
{
	struct answers *answers = &flow->answers;
	char **copy = NULL;
	size_t i;

	if (ids != NULL) {
		copy = calloc(n + 1, sizeof *copy);
		for (i = 0; copy != NULL && i < n; i++) {
			copy[i] = strdup(ids[i]);
			if (copy[i] == NULL)
				break;
		}
		if (copy == NULL || i < n) {
			while (copy != NULL && i > 0)
				free(copy[--i]);
			free(copy);
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
	}
	for (i = 0; i < answers->nhunks; i++)
		free(answers->hunks[i]);
	free(answers->hunks);
	answers->hunks = copy;
	answers->nhunks = ids != NULL ? n : 0;
	answers->hunks_all = ids == NULL;
	return flow_record(flow, err);
}

/* The diff text shows only the hunks that will be applied. */
static int
render_diff(struct flow *flow, struct hc_error *err)
{
	const struct answers *answers = &flow->answers;
	const struct diff_file *file;
	bool *accept = NULL;
	size_t i, j, k;

	if (!answers->hunks_all) {
		accept = calloc(flow->diff->nhunks + 1, sizeof *accept);
		if (accept == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
		for (i = 0; i < flow->diff->nfiles; i++) {
			file = &flow->diff->files[i];
			for (j = 0; j < file->nhunks; j++) {
				for (k = 0; k < answers->nhunks; k++) {
					if (strcmp(file->hunks[j].id,
					    answers->hunks[k]) == 0)
						accept[file->hunks[j].index] =
						    true;
				}
			}
		}
	}
	flow->diff_text = diff_render_string(flow->diff, accept, err);
	free(accept);
	return flow->diff_text == NULL ? -1 : 0;
}

static int
hunk_chosen(const struct answers *answers, const char *id)
{
	size_t i;

	for (i = 0; i < answers->nhunks; i++) {
		if (strcmp(answers->hunks[i], id) == 0)
			return 1;
	}
	return 0;
}

/* 1 when some added line of hunk contains text. */
static int
hunk_adds(const struct diff_hunk *hunk, const char *text)
{
	size_t i;

	for (i = 0; i < hunk->nlines; i++) {
		if (hunk->lines[i].origin == '+' &&
		    strstr(hunk->lines[i].text, text) != NULL)
			return 1;
	}
	return 0;
}

/* Whether hunk of the file at path sets variable name in a tfvars file:
 * "name = ..." in HCL, "\"name\": ..." in JSON. */
static int
gives_value(const char *path, const struct diff_hunk *hunk, const char *name)
{
	size_t n = strlen(path);
	char text[300];

	if (n > 12 && strcmp(path + n - 12, ".tfvars.json") == 0)
		snprintf(text, sizeof text, "\"%s\"", name);
	else if (n > 7 && strcmp(path + n - 7, ".tfvars") == 0)
		snprintf(text, sizeof text, "%s ", name);
	else
		return 0;
	return hunk_adds(hunk, text);
}

/* Whether any chosen hunk adds a line that contains text. */
static int
chosen_hunk_adds(const struct flow *flow, const char *text)
{
	const struct diff *diff = flow->diff;
	size_t k, l;

	for (k = 0; k < diff->nfiles; k++) {
		for (l = 0; l < diff->files[k].nhunks; l++) {
			if (hunk_chosen(&flow->answers,
			    diff->files[k].hunks[l].id) &&
			    hunk_adds(&diff->files[k].hunks[l], text))
				return 1;
		}
	}
	return 0;
}

/*
 * Add a plan note for each chosen hunk that uses the variable when the
 * hunk declaring it was rejected, because Terraform then fails with
 * "Reference to undeclared input variable", and one when the hunk that
 * gives it its value in a tfvars file was rejected, because Terraform
 * then asks for the value.
 */
static int
note_rejected_declarations(struct flow *flow, struct plan *selected,
    struct hc_error *err)
{
	const struct diff *diff = flow->diff;
	const struct diff_hunk *hunk;
	char declaration[256], use[256], value[256];
	size_t i, j, k, l;

	snprintf(declaration, sizeof declaration, "variable \"%s\"",
	    flow_variable(flow));
	snprintf(use, sizeof use, "var.%s", flow_variable(flow));
	snprintf(value, sizeof value, "%s", flow_variable(flow));
	for (i = 0; i < diff->nfiles; i++) {
		for (j = 0; j < diff->files[i].nhunks; j++) {
			hunk = &diff->files[i].hunks[j];
			if (!hunk_chosen(&flow->answers, hunk->id) &&
			    gives_value(diff->files[i].path, hunk, value) &&
			    chosen_hunk_adds(flow, use) &&
			    plan_add_note(selected, err, "%s gives %s its "
			    "value in hunk %s, which was not chosen: terraform "
			    "plan will ask for the value", diff->files[i].path,
			    use, hunk->id) < 0)
				return -1;
			if (hunk_chosen(&flow->answers, hunk->id) ||
			    !hunk_adds(hunk, declaration))
				continue;
			for (k = 0; k < diff->nfiles; k++) {
				for (l = 0; l < diff->files[k].nhunks; l++) {
					const struct diff_hunk *user =
					    &diff->files[k].hunks[l];

					if (!hunk_chosen(&flow->answers,
					    user->id) || !hunk_adds(user, use))
						continue;
					if (plan_add_note(selected, err,
					    "hunk %s uses %s, but %s that "
					    "declares it was not chosen: "
					    "Terraform will reject the "
					    "reference", user->id, use,
					    hunk->id) < 0)
						return -1;
				}
			}
		}
	}
	return 0;
}

int
flow_plan_for_arn(struct flow *flow, const char *secret_arn,
    struct hc_error *err)
{
	const struct answers *answers = &flow->answers;
	struct tf_setup_request request = {
		.project = answers->project,
		.variable = flow_variable(flow),
		.secret_arn = secret_arn,
		.kms_key_arn = answers->kms_key_id,
		.tfvars = answers->tfvars,
		.policy = answers->policy,
	};
	struct plan selected;

	drop_plan(flow);
	if (plan_init(&flow->plan, flow->root, err) < 0)
		return -1;
	flow->have_plan = 1;
	if (flow->repair) {
		if (flow_repair_plan(flow, &flow->plan, err) < 0)
			return -1;
	} else if (tf_setup_plan(flow->tf, &request, &flow->plan, err) < 0)
		return -1;
	flow->diff = diff_new(&flow->plan, err);
	if (flow->diff == NULL)
		return -1;
	if (!answers->hunks_all) {
		if (diff_select(flow->diff, (const char *const *)answers->hunks,
		    &selected, err) < 0)
			return -1;
		if (note_rejected_declarations(flow, &selected, err) < 0) {
			plan_done(&selected);
			return -1;
		}
		selected.secret = flow->plan.secret;
		plan_done(&flow->plan);
		flow->plan = selected;
	}
	return render_diff(flow, err);
}

/* The ARN a new secret will have. The random suffix is unknown until
 * CreateSecret returns; the account comes from STS when it is reachable. */
static void
placeholder_arn(struct flow *flow, char *buf, size_t size)
{
	char account[32] = "123456789012";
	char principal[512];
	struct hc_error ignored;

	hc_error_init(&ignored);
	if (flow_aws_identity(flow, account, sizeof account, principal,
	    sizeof principal, &ignored) < 0)
		snprintf(account, sizeof account, "ACCOUNT");
	snprintf(buf, size, "arn:aws:secretsmanager:%s:%s:secret:%s-??????",
	    flow->answers.secret_region, account, flow->answers.secret_name);
}

/*
 * The ARN of the secret "create" names when it exists already: apply then
 * puts the new value into it, and the plan shows its real ARN instead of
 * a placeholder (so a rerun plans no change). -1 when it does not exist
 * or AWS cannot be asked; apply will find out.
 */
static int
existing_arn(struct flow *flow, char *buf, size_t size)
{
	struct aws_secret_ref ref = {0};
	struct hc_error ignored;
	char *region;
	int rc = -1;

	hc_error_init(&ignored);
	if (flow_aws_config(flow, &ignored) < 0)
		return -1;
	region = strdup(flow->answers.secret_region);
	if (region == NULL)
		return -1;
	free(flow->aws.region);
	flow->aws.region = region;
	if (aws_secretsmanager_describe_secret(&flow->aws,
	    flow->answers.secret_name, &ref, &ignored) == 0 && ref.arn != NULL) {
		snprintf(buf, size, "%s", ref.arn);
		rc = 0;
	}
	aws_secretsmanager_ref_done(&ref);
	return rc;
}

/*
 * Ask DescribeSecret whether an existing secret exists and, when the
 * answers file names no KMS key, which key encrypts it. A customer
 * managed key needs kms:Decrypt too, so its ARN is stored in the
 * answers, and in a recording, as if the user had entered it. Like
 * existing_arn(), this is best effort: without credentials, network or
 * permission the plan goes on without a key or a check. An alias cannot
 * be granted by ARN and is only logged.
 */
static int
learn_kms_key(struct flow *flow, struct hc_error *err)
{
	const char *secret_arn = flow->answers.secret_arn;
	struct aws_secret_ref ref = {0};
	struct hc_error ignored;
	struct arn arn;
	char found[600];
	char *region;
	int rc = 0;

	if (secret_arn == NULL ||
	    flow->answers.secret_action == ANSWERS_SECRET_CREATE ||
	    strcmp(flow->kms_asked, secret_arn) == 0)
		return 0;
	snprintf(flow->kms_asked, sizeof flow->kms_asked, "%s", secret_arn);
	flow->secret_missing = 0;
	hc_error_init(&ignored);
	if (arn_parse(secret_arn, &arn, &ignored) < 0 ||
	    flow_aws_config(flow, &ignored) < 0)
		return 0;
	region = strdup(arn.region);
	if (region == NULL)
		return 0;
	free(flow->aws.region);
	flow->aws.region = region;
	if (aws_secretsmanager_describe_secret(&flow->aws, secret_arn, &ref,
	    &ignored) < 0) {
		hc_log(HC_LOG_INFO, "flow", "cannot tell which KMS key "
		    "encrypts %s: %s", secret_arn, ignored.message);
		flow->secret_missing = strstr(ignored.remote_code,
		    "ResourceNotFound") != NULL;
		goto out;
	}
	if (ref.kms_key_id == NULL || flow->answers.kms_key_id != NULL)
		goto out;
	if (arn_kms_key(ref.kms_key_id, secret_arn, found,
	    sizeof found) < 0) {
		hc_log(HC_LOG_INFO, "flow", "%s is encrypted with %s, which "
		    "cannot be granted by key ARN", secret_arn,
		    ref.kms_key_id);
		goto out;
	}
	hc_log(HC_LOG_INFO, "flow", "%s is encrypted with KMS key %s",
	    secret_arn, found);
	if (answers_set(&flow->answers.kms_key_id, found, err) < 0 ||
	    flow_record(flow, err) < 0)
		rc = -1;
out:
	aws_secretsmanager_ref_done(&ref);
	return rc;
}

int
flow_check_terraform(struct flow *flow, struct hc_error *err)
{
	const struct answers *answers = &flow->answers;
	char arn[2048];

	if (flow->project == NULL ||
	    answers->secret_action == ANSWERS_SECRET_UNSET)
		return 0;
	/* The account of a new secret is not known offline; the edits
	 * only copy the ARN. */
	if (answers->secret_action == ANSWERS_SECRET_CREATE)
		snprintf(arn, sizeof arn, "arn:aws:secretsmanager:%s:ACCOUNT:"
		    "secret:%s-??????", answers->secret_region,
		    answers->secret_name);
	else
		snprintf(arn, sizeof arn, "%s", answers->secret_arn);
	if (check_variable_free(flow, flow_variable(flow), err) < 0)
		return -1;
	return flow_plan_for_arn(flow, arn, err);
}

int
flow_build_plan(struct flow *flow, struct hc_error *err)
{
	const struct answers *answers = &flow->answers;
	struct plan_secret *secret;
	char arn[2048];

	/* A repair writes no secret, so its plan is only the chosen
	 * fixes. */
	if (flow->repair) {
		if (flow_plan_for_arn(flow, "", err) < 0)
			return -1;
		return gitstatus_note_dirty(&flow->plan, err);
	}
	if (flow->project == NULL || answers->secret_action ==
	    ANSWERS_SECRET_UNSET) {
		hc_error_set(err, HC_ERR_INTERNAL, "the plan needs a project "
		    "and a secret");
		return -1;
	}
	if (check_variable_free(flow, flow_variable(flow), err) < 0 ||
	    learn_kms_key(flow, err) < 0)
		return -1;
	flow->placeholder_arn = answers->secret_action ==
	    ANSWERS_SECRET_CREATE && existing_arn(flow, arn, sizeof arn) < 0;
	if (flow->placeholder_arn)
		placeholder_arn(flow, arn, sizeof arn);
	else if (answers->secret_action != ANSWERS_SECRET_CREATE)
		snprintf(arn, sizeof arn, "%s", answers->secret_arn);
	if (flow_plan_for_arn(flow, arn, err) < 0)
		return -1;

	secret = &flow->plan.secret;
	switch (answers->secret_action) {
	case ANSWERS_SECRET_CREATE:
		secret->action = PLAN_SECRET_CREATE;
		snprintf(secret->name, sizeof secret->name, "%s",
		    answers->secret_name);
		snprintf(secret->region, sizeof secret->region, "%s",
		    answers->secret_region);
		break;
	case ANSWERS_SECRET_UPDATE:
		secret->action = PLAN_SECRET_UPDATE;
		snprintf(secret->arn, sizeof secret->arn, "%s", arn);
		break;
	case ANSWERS_SECRET_USE:
	case ANSWERS_SECRET_UNSET:
		secret->action = PLAN_SECRET_NONE;
		snprintf(secret->arn, sizeof secret->arn, "%s", arn);
		break;
	}
	if (answers->kms_key_id != NULL)
		snprintf(secret->kms_key_id, sizeof secret->kms_key_id, "%s",
		    answers->kms_key_id);
	if (answers->secret_action == ANSWERS_SECRET_USE &&
	    flow->secret_missing && answers->secret_arn != NULL &&
	    strcmp(flow->kms_asked, answers->secret_arn) == 0 &&
	    plan_add_note(&flow->plan, err, "AWS says there is no secret %s "
	    "(ResourceNotFoundException): CodeBuild cannot pull with it "
	    "until it exists; check the ARN", answers->secret_arn) < 0)
		return -1;
	return gitstatus_note_dirty(&flow->plan, err);
}

int
flow_secret_exists(const struct flow *flow)
{
	return flow->have_plan &&
	    flow->plan.secret.action == PLAN_SECRET_CREATE &&
	    !flow->placeholder_arn;
}

const struct plan *
flow_plan(const struct flow *flow)
{
	return flow->have_plan ? &flow->plan : NULL;
}

const char *
flow_plan_diff(const struct flow *flow)
{
	return flow->diff_text != NULL ? flow->diff_text : "";
}

const struct diff *
flow_diff(const struct flow *flow)
{
	return flow->diff;
}
