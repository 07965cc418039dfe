/*
 * The wizard as data: steps, the answers given so far, and the plan they
 * lead to.
 *
 * Two drivers feed the same flow: the terminal screens (screens/) and the
 * replay of an answers file (cli/replay.c). Every check and every decision
 * lives here, so a replayed run makes exactly the changes the recorded run
 * made. Functions named flow_choose_* validate one answer, store it and,
 * when recording, write the answers file; they never ask anything.
 */
#ifndef HUBCRED_CORE_FLOW_H
#define HUBCRED_CORE_FLOW_H

#include <stddef.h>

#include "core/error.h"
#include "core/plan.h"
#include "core/secret.h"

enum flow_step {
	FLOW_STEP_SCAN,
	FLOW_STEP_PROJECT,
	FLOW_STEP_DOCKERHUB,
	FLOW_STEP_SECRET,
	FLOW_STEP_PERMISSIONS,
	FLOW_STEP_REVIEW,
	FLOW_STEP_APPLY,
	FLOW_STEP_REPAIR,	/* repair only: doctor's fixes to pick */
	FLOW_STEP_COUNT,
};

/* Title of a step for the step list: "Scan", "Project", ... */
const char *flow_step_title(enum flow_step step);

struct flow_options {
	const char *root;		/* Terraform root; "." when NULL */
	const char *record_path;	/* answers file to write, or NULL */
	int dry_run;			/* plan only, never write */
};

struct flow;

/* A new flow; nothing is read yet. Free with flow_free(). */
struct flow *flow_new(const struct flow_options *options,
    struct hc_error *err);
void flow_free(struct flow *flow);

/* Absolute path of the root, for the title line. */
const char *flow_root(const struct flow *flow);

/* ---- Scan ---- */

/* Parse every Terraform file below the root. Fails with HC_ERR_PARSE and
 * the file position on the first syntax error. */
int flow_scan(struct flow *flow, struct hc_error *err);

struct flow_project {
	const char *address;	/* module.ci.aws_codebuild_project.main */
	const char *file;	/* relative to the root */
	int line;
	const char *image;	/* as resolved, or the expression text */
	const char *image_kind;	/* "dockerhub", "ecr", "ecr-public",
				   "codebuild", "other", "unknown" */
	const char *status;	/* "needs setup", "configured", ... */
	int selectable;		/* 0 for images that need no setup */
	const char *reason;	/* why not selectable, or NULL */
	size_t findings;	/* doctor's findings about it, once
				   flow_repair_check() has run */
};

size_t flow_project_count(const struct flow *flow);
const struct flow_project *flow_project_at(const struct flow *flow,
    size_t index);
/* Counts of modules, files and bytes scanned, for scan --json. */
void flow_scan_totals(const struct flow *flow, size_t *modules,
    size_t *files, size_t *bytes);

/* ---- Project ---- */

/*
 * Choose the project at address. Several roots below the folder may each
 * have a project at the same address: then the one whose root module's
 * folder contains tfvars (a tfvars path as in the answers, or NULL) is
 * chosen, as tf_setup_plan() does. When none is, the address is an error
 * (HC_ERR_INPUT) that names the roots.
 */
int flow_choose_project(struct flow *flow, const char *address,
    const char *tfvars, struct hc_error *err);

/* Choose the project at index of the scan's list (the wizard's list). */
int flow_choose_project_at(struct flow *flow, size_t index,
    struct hc_error *err);

/* The chosen project, or NULL. */
const struct flow_project *flow_project(const struct flow *flow);

/* 1 when the chosen project already has a complete, correct setup: the
 * drivers then report "already configured" and stop. */
int flow_project_configured(const struct flow *flow);

/* ---- Docker Hub ---- */

int flow_choose_dockerhub_user(struct flow *flow, const char *username,
    struct hc_error *err);

/* Hand the token over; the flow frees it. Never recorded. */
void flow_take_dockerhub_token(struct flow *flow, struct hc_secret *token);

/*
 * Go on without Docker Hub credentials, for a secret that already
 * contains them: drop the username and token. Only flow_choose_secret_use() is
 * then open; create and update fail until a username is chosen again.
 */
int flow_skip_dockerhub(struct flow *flow, struct hc_error *err);

/* 1 after flow_skip_dockerhub(), until flow_choose_dockerhub_user(). */
int flow_dockerhub_skipped(const struct flow *flow);

/*
 * Take the Docker Hub login that `docker login` saved (config.json auths,
 * credsStore or credHelpers) as this run's username and token. source
 * receives where it came from; is_access_token is 0 when the secret may
 * be the account password, which the screens should warn about. Fails
 * with HC_ERR_NOT_FOUND when docker has no Docker Hub login.
 */
int flow_import_docker_login(struct flow *flow, char *username,
    size_t username_size, char *source, size_t source_size,
    int *is_access_token, struct hc_error *err);

struct flow_dockerhub_report {
	int ok;			/* credentials can pull the image */
	char summary[1024];	/* "example-user can pull example-org/x" */
	char rate_limits[256];	/* anonymous vs authenticated, one line */
	char hint[256];		/* what to do when not ok */
};

/* Check the credentials at the registry token endpoint for pull access to
 * the project's image, and read both rate limits. Network; may block for
 * up to the client's timeout. A failed check is reported in out with
 * ok = 0 and returns 0; -1 means the check itself could not run. */
int flow_check_dockerhub(struct flow *flow,
    struct flow_dockerhub_report *out, struct hc_error *err);

/* ---- Secret ---- */

/* Proposed name and region for a new secret. */
const char *flow_default_secret_name(const struct flow *flow);
const char *flow_default_region(const struct flow *flow);

/* Forget a failed load of the AWS configuration, so the next call loads
 * it again: the person may have refreshed the credentials meanwhile. */
void flow_aws_retry(struct flow *flow);

/* Account and principal of the AWS credentials (STS GetCallerIdentity),
 * shown before anything is written. Network. */
int flow_aws_identity(struct flow *flow, char *account, size_t account_size,
    char *principal, size_t principal_size, struct hc_error *err);

/* Check name, region and kms_key_id as flow_choose_secret_create()
 * does, choosing nothing: the form calls it before asking AWS. */
int flow_check_secret_create(const struct flow *flow, const char *name,
    const char *region, const char *kms_key_id, struct hc_error *err);

/* Create a secret named name in region (or put a new value when it
 * exists) at apply time. kms_key_id may be NULL. */
int flow_choose_secret_create(struct flow *flow, const char *name,
    const char *region, const char *kms_key_id, struct hc_error *err);

/* Use an existing secret by ARN: nothing is written to AWS. Works
 * offline. kms_key_id may be NULL. */
int flow_choose_secret_use(struct flow *flow, const char *arn,
    const char *kms_key_id, struct hc_error *err);

/* Put a new value into the existing secret arn at apply time. */
int flow_choose_secret_update(struct flow *flow, const char *arn,
    const char *kms_key_id, struct hc_error *err);

/* ---- Permissions ---- */

struct flow_choice {
	const char *value;	/* what flow_choose_* takes */
	const char *label;	/* one line for a list */
	const char *detail;	/* file:line, form, or why it cannot be used */
	int usable;
};

/* Policies that grant the project's role its permissions, then "new". */
size_t flow_policy_count(const struct flow *flow);
const struct flow_choice *flow_policy_at(const struct flow *flow,
    size_t index);
int flow_choose_policy(struct flow *flow, const char *address,
    struct hc_error *err);

/* tfvars files of the root, then "hubcred.auto.tfvars" (new). */
size_t flow_tfvars_count(const struct flow *flow);
const struct flow_choice *flow_tfvars_at(const struct flow *flow,
    size_t index);
int flow_choose_tfvars(struct flow *flow, const char *path,
    struct hc_error *err);

/* Name of the Terraform variable; default docker_hub_secret_arn. */
const char *flow_variable(const struct flow *flow);
int flow_choose_variable(struct flow *flow, const char *name,
    struct hc_error *err);

/* ---- Review ---- */

/* Keep only the hunks with these ids (as diff_new() names them) when the
 * plan is built; ids NULL means every hunk. An id that names no hunk of
 * the plan makes flow_build_plan() fail naming it. */
int flow_choose_hunks(struct flow *flow, const char *const *ids, size_t n,
    struct hc_error *err);

/* Check that kms_key_id (NULL or "" for none) is the ARN of a KMS key,
 * as the secret choices do. */
int flow_check_kms_key(const char *kms_key_id, struct hc_error *err);

/* Plan the Terraform edits of the choices made, offline and with no
 * secret written, so a check such as validate meets every refusal that
 * the real plan would. */
int flow_check_terraform(struct flow *flow, struct hc_error *err);

/* Build the plan from the answers. */
int flow_build_plan(struct flow *flow, struct hc_error *err);
const struct plan *flow_plan(const struct flow *flow);

/* 1 when the plan creates a secret whose name already exists in AWS:
 * apply then puts the new value into the existing secret. */
int flow_secret_exists(const struct flow *flow);

/* The unified diff of the plan as text, for viewers and --dry-run. */
const char *flow_plan_diff(const struct flow *flow);

struct diff;

/* The plan's diff with its hunks and their ids (core/diff.h), or NULL
 * before flow_build_plan(). */
const struct diff *flow_diff(const struct flow *flow);

/* ---- Repair ---- */

/*
 * Repair is the other way through the flow: doctor's findings on the
 * scanned root (core/checks.h), the fixes chosen among them, then the
 * same review and apply as a setup. It is never recorded, because replay
 * has no repair. doctor --fix --yes is its non-interactive form.
 */

struct flow_finding {
	const char *id;		/* "HC101" */
	const char *severity;	/* "error", "warning" or "info" */
	int is_error;		/* severity is "error" */
	const char *title;	/* the rule's title */
	const char *project;	/* address of the project, or of the block
				   the finding is about */
	const char *root;	/* folder of the project's root module when
				   another root has a project at the same
				   address, else NULL */
	const char *file;	/* relative to the root */
	int line;		/* 1-based */
	const char *error;	/* what Terraform or CodeBuild shows, or "" */
	const char *message;	/* what is wrong and how to fix it */
	int fixable;		/* the flow can make the fix */
};

/* Run doctor's checks on the scanned root, and count each project's
 * findings. Fails only on out of memory, or before a scan. */
int flow_repair_check(struct flow *flow, struct hc_error *err);

/* The findings, sorted by project, file and line. They stay valid until
 * the next flow_scan() or flow_repair_check(). */
size_t flow_repair_count(const struct flow *flow);
const struct flow_finding *flow_repair_finding(const struct flow *flow,
    size_t index);

/*
 * Choose the findings to fix, by index, and switch the flow to repair.
 * flow_build_plan() then plans those fixes, as doctor --fix does, and
 * flow_apply() writes them. An index that is out of range or names a
 * finding without a fix is an error. flow_choose_project() switches
 * back to setting up a project.
 */
int flow_repair_choose(struct flow *flow, const size_t *indexes, size_t n,
    struct hc_error *err);

/* Return 1 while the flow repairs rather than sets up a project. */
int flow_repair_active(const struct flow *flow);

/* ---- Apply ---- */

struct flow_apply_report {
	char secret_arn[2048];	/* the secret the project now uses */
	size_t files_written;
	char files[1024];	/* "main.tf, vars.tf (new)", the plan's files */
	char next_step[256];	/* "run terraform plan in ..." */
	int dry_run;		/* 1: --dry-run, nothing was written */
};

/* Write the secret (when the plan has a secret action), then the files.
 * With --dry-run, write nothing and return 0. */
int flow_apply(struct flow *flow, struct flow_apply_report *out,
    struct hc_error *err);

/* The report of the last apply that succeeded, or NULL, for what the
 * wizard prints on the terminal after its screen is gone. */
const struct flow_apply_report *flow_last_apply(const struct flow *flow);

#endif
