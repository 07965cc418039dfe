/*
 * The flow's state, shared by core/flow.c (steps and answers) and
 * core/flow-apply.c (the remote write and the file apply).
 */
#ifndef HUBCRED_CORE_FLOW_PRIVATE_H
#define HUBCRED_CORE_FLOW_PRIVATE_H

#include "core/answers.h"
#include "core/aws/config.h"
#include "core/checks.h"
#include "core/diff.h"
#include "core/flow.h"
#include "core/plan.h"
#include "core/tf/project.h"
#include "core/tf/root.h"

struct flow {
	char *root;			/* absolute */
	char *record_path;
	int record_later;		/* keep the file until the review ends */
	struct flow_apply_report last_apply;	/* of the last apply */
	int applied;			/* last_apply is set */
	int dry_run;

	struct tf_root *tf;
	struct flow_project *projects;
	size_t nprojects;
	const struct tf_project *project;	/* chosen, or NULL */
	size_t project_index;

	struct answers answers;
	struct hc_secret *token;
	int dockerhub_skipped;		/* see flow_skip_dockerhub() */
	char default_secret_name[256];
	char default_region[64];

	struct aws_config aws;
	int aws_loaded;
	int aws_failed;			/* aws_error holds why */
	struct hc_error aws_error;
	char account[32];		/* from STS, once asked */
	char principal[512];

	struct tf_policy *policies;
	size_t npolicies;
	struct flow_choice *policy_choices;
	size_t npolicy_choices;
	struct flow_choice *tfvars_choices;
	size_t ntfvars_choices;
	char **choice_strings;		/* labels and details to free */
	size_t nchoice_strings;

	struct plan plan;
	int have_plan;
	int placeholder_arn;		/* plan holds the new secret's
					   placeholder ARN */
	char kms_asked[2048];		/* the secret DescribeSecret was
					   last called for, so a plan
					   built again does not call it
					   again */
	int secret_missing;		/* DescribeSecret said that
					   secret does not exist */
	struct diff *diff;
	char *diff_text;

	struct checks_report report;	/* doctor's findings on flow->tf */
	struct flow_finding *findings;	/* one per report finding */
	unsigned char *fix_chosen;	/* per finding: 1 when chosen */
	int repair;			/* the plan is the chosen fixes */
	size_t nfixes;			/* fixes in the last repair plan */
};

/* Write the answers so far when recording. A failure to record is an
 * error of the step, so a recorded file is never silently incomplete. */
int flow_record(struct flow *flow, struct hc_error *err);

/* Load the AWS configuration once, with the wizard's region as the
 * fallback. A failure other than a cancellation is kept, and later calls
 * return the same error without loading again. */
int flow_aws_config(struct flow *flow, struct hc_error *err);

/* Plan the Terraform edits for secret_arn into flow->plan (replacing
 * any earlier plan) and render its diff. */
int flow_plan_for_arn(struct flow *flow, const char *secret_arn,
    struct hc_error *err);

/* Forget the findings, before the tree they point into is freed. */
void flow_repair_drop(struct flow *flow);

/* Add the edits of the chosen fixes to plan (initialised for the
 * root). */
int flow_repair_plan(struct flow *flow, struct plan *plan,
    struct hc_error *err);

/* Write the apply report's next step after a repair: what a new check
 * of the root leaves for a person to fix. */
void flow_repair_next_step(struct flow *flow, char *buf, size_t size);

#endif
