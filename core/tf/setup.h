/*
 * Planning the Terraform side of a setup: the file edits that make one
 * CodeBuild project pull its image with a Secrets Manager secret.
 */
#ifndef HUBCRED_CORE_TF_SETUP_H
#define HUBCRED_CORE_TF_SETUP_H

#include "core/error.h"
#include "core/plan.h"
#include "core/tf/root.h"

#define TF_SETUP_DEFAULT_VARIABLE "docker_hub_secret_arn"

struct tf_setup_request {
	const char *project;	/* address, e.g. module.ci.aws_codebuild_
				   project.this */
	const char *variable;	/* NULL: TF_SETUP_DEFAULT_VARIABLE */
	const char *secret_arn;
	const char *kms_key_arn;	/* NULL: the AWS managed key */
	const char *tfvars;	/* relative to the root directory, existing
				   or new; NULL: terraform.tfvars */
	const char *policy;	/* a candidate's address (tf_project_
				   policies), "new" for a dedicated
				   aws_iam_role_policy, or NULL for the first
				   editable candidate */
};

/*
 * The name of the variable holding the KMS key ARN for variable var
 * ("docker_hub_secret_arn" gives "docker_hub_secret_kms_key_arn").
 */
void tf_setup_kms_variable(const char *var, char *buf, size_t size);

/*
 * Add to plan the edits of the files below root->dir that set up the
 * project: pull credentials in its environment, the variable declared
 * in its module and threaded through local module calls to the root, its
 * value in a tfvars file, and a policy statement allowing
 * secretsmanager:GetSecretValue (and kms:Decrypt with a key). What is
 * already in place is left alone and named in the plan's notes, so a
 * second run plans no change.
 *
 * Refuses (HC_ERR_UNSUPPORTED, with the file and line, nothing added to
 * plan) when the service role is not a role of the project's module or
 * the chosen policy cannot be edited.
 */
int tf_setup_plan(struct tf_root *root, const struct tf_setup_request *req,
    struct plan *plan, struct hc_error *err);

#endif
