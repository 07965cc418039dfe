/*
 * The doctor's findings catalogue: what can be wrong with a CodeBuild
 * project's Docker Hub pull setup in Terraform, where, the error
 * Terraform or CodeBuild reports for it, and how to fix it.
 *
 * checks_run() reads a loaded root (core/tf/root.h) and never writes.
 * checks_fix_plan() turns the fixable findings into one plan
 * (core/plan.h) that goes through the same diff and apply path as the
 * wizard. See docs/internals/DOCTOR.md.
 */
#ifndef HUBCRED_CORE_CHECKS_H
#define HUBCRED_CORE_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hcl/tree.h"
#include "core/plan.h"
#include "core/tf/root.h"

enum checks_severity {
	CHECKS_INFO,
	CHECKS_WARNING,
	CHECKS_ERROR,
};

/* "info", "warning", "error". */
const char *checks_severity_name(enum checks_severity severity);

/*
 * The rules: id, SARIF name, default severity, title and the long
 * description. The list and its order are stable; ids never change
 * meaning.
 */
#define CHECKS_RULES(X)                                                   \
	X(HC101, "RegistryCredentialWithoutServiceRole", ERROR,           \
	    "registry_credential without image_pull_credentials_type",    \
	    "A registry_credential is only used when "                    \
	    "image_pull_credentials_type is SERVICE_ROLE; the default, "  \
	    "CODEBUILD, makes CodeBuild ignore it or reject the project.")\
	X(HC102, "CodeBuildPullTypeWithCredential", ERROR,                \
	    "image_pull_credentials_type is CODEBUILD with a "            \
	    "registry_credential",                                        \
	    "With CODEBUILD credentials CodeBuild pulls with its own "    \
	    "identity and cannot use the registry_credential; Docker Hub "\
	    "credentials need SERVICE_ROLE.")                             \
	X(HC103, "InvalidCredentialProvider", ERROR,                      \
	    "credential_provider is not SECRETS_MANAGER",                 \
	    "The only credential provider CodeBuild knows is "            \
	    "SECRETS_MANAGER; any other value fails terraform plan.")     \
	X(HC104, "MisspeltRegistryCredentialBlock", ERROR,                \
	    "misspelt registry_credential block",                         \
	    "The environment block accepts a nested block named "         \
	    "registry_credential only; another name fails terraform "     \
	    "validate with \"Unsupported block type\".")                  \
	X(HC105, "MisspeltPullCredentialsType", ERROR,                    \
	    "misspelt image_pull_credentials_type",                       \
	    "The environment argument is image_pull_credentials_type; "   \
	    "another name fails terraform validate with \"Unsupported "   \
	    "argument\".")                                                \
	X(HC106, "PullSettingOutsideEnvironment", ERROR,                  \
	    "pull credential setting outside the environment block",      \
	    "registry_credential and image_pull_credentials_type belong " \
	    "directly inside the project's environment block.")           \
	X(HC107, "RegistryCredentialListAttribute", ERROR,                \
	    "registry_credential written as a list attribute",            \
	    "Terraform 0.11 accepted registry_credential = [{...}]; "     \
	    "from 0.12 on it must be a nested block.")                    \
	X(HC108, "InvalidPullCredentialsType", ERROR,                     \
	    "invalid image_pull_credentials_type value",                  \
	    "image_pull_credentials_type is CODEBUILD or SERVICE_ROLE.")  \
	X(HC109, "IncompleteRegistryCredential", ERROR,                   \
	    "registry_credential incomplete or repeated",                 \
	    "A registry_credential block needs credential and "           \
	    "credential_provider, and an environment holds at most one.") \
	X(HC111, "ManagedImageWithCredentials", ERROR,                    \
	    "CodeBuild managed image with pull credentials",              \
	    "CodeBuild managed images (aws/codebuild/...) are pulled "    \
	    "with CODEBUILD credentials only; SERVICE_ROLE or a "         \
	    "registry_credential makes CodeBuild reject the project.")    \
	X(HC121, "CredentialNotFullSecretArn", WARNING,                   \
	    "credential is not the full ARN of a secret",                 \
	    "CodeBuild takes a secret name only in its own Region, and "  \
	    "IAM policies match the full ARN with its six-character "     \
	    "suffix; use the full ARN of the secret.")                    \
	X(HC122, "CredentialVariableUndeclared", ERROR,                   \
	    "credential variable not declared",                           \
	    "The registry_credential refers to a variable that its "      \
	    "module does not declare.")                                   \
	X(HC123, "CredentialVariableWithoutValue", WARNING,               \
	    "credential variable has no value",                           \
	    "The variable holding the secret ARN has no default and no "  \
	    "tfvars file sets it, so terraform plan stops to ask.")       \
	X(HC124, "CredentialsInTerraform", ERROR,                         \
	    "Docker Hub credentials pasted into Terraform",               \
	    "credential must name a Secrets Manager secret; a token, "    \
	    "password or e-mail address there is exposed in the "         \
	    "repository and in state, and CodeBuild rejects it.")         \
	X(HC131, "RoleCannotReadSecret", ERROR,                           \
	    "service role cannot read the secret",                        \
	    "The project's service role needs "                           \
	    "secretsmanager:GetSecretValue on the secret, or the pull "   \
	    "fails with AccessDeniedException.")                          \
	X(HC132, "SecretArnWithoutSuffixWildcard", WARNING,               \
	    "policy names a secret ARN without its suffix",               \
	    "Secrets Manager appends six random characters to every "     \
	    "secret ARN; a policy Resource without them (or -?\?\?\?\?\?) "    \
	    "matches no secret.")                                         \
	X(HC141, "QuotedTypeConstraint", WARNING,                         \
	    "quoted type constraint",                                     \
	    "type = \"string\" is Terraform 0.11 syntax: 0.12 to 0.14 "   \
	    "warn, 0.15 and later refuse it.")                            \
	X(HC142, "InterpolationOnlyExpression", INFO,                     \
	    "interpolation-only expression",                              \
	    "\"${var.x}\" alone is Terraform 0.11 syntax; from 0.12 on "  \
	    "write var.x (terraform fmt unwraps it).")                    \
	X(HC151, "ProjectInRemoteModule", INFO,                           \
	    "CodeBuild project in a remote module",                       \
	    "The module's source is outside this directory, so hubcred "  \
	    "cannot read or edit its projects here.")                     \
	X(HC161, "BuildspecDockerWithoutLogin", WARNING,                  \
	    "buildspec pulls from Docker Hub without docker login",       \
	    "registry_credential only covers the build image; docker "    \
	    "commands inside the build pull anonymously and hit Docker "  \
	    "Hub's rate limit unless the buildspec runs docker login "    \
	    "first.")                                                     \
	X(HC171, "SecretValueInState", WARNING,                           \
	    "Docker Hub token stored in Terraform state",                 \
	    "An aws_secretsmanager_secret_version whose secret_string "   \
	    "comes from a variable puts the token in the state file in "  \
	    "plain text.")                                                \
	X(HC181, "DockerHubAnonymousPull", INFO,                          \
	    "Docker Hub image pulled anonymously",                        \
	    "Anonymous pulls are rate limited per IP address, and "       \
	    "CodeBuild hosts share addresses, so builds can fail with "   \
	    "toomanyrequests.")                                           \
	X(HC191, "DeployedPullSettingsDiffer", WARNING,                   \
	    "deployed project pulls differently from the Terraform",      \
	    "The project in AWS (doctor --live) does not have the pull "  \
	    "credentials the Terraform gives it: terraform apply is "     \
	    "pending, or someone changed the project outside Terraform.") \
	X(HC192, "SecretNotFound", ERROR,                                 \
	    "secret not found in Secrets Manager",                        \
	    "The secret the registry_credential names does not exist "    \
	    "(doctor --live), so every pull fails.")                      \
	X(HC193, "ProjectNotDeployed", INFO,                              \
	    "project not found in AWS",                                   \
	    "CodeBuild does not know the project yet (doctor --live): "   \
	    "terraform apply has not created it, or it is in another "    \
	    "account or Region.")

enum checks_rule_id {
#define CHECKS_RULE_ENUM(id, name, sev, title, text) CHECKS_##id,
	CHECKS_RULES(CHECKS_RULE_ENUM)
#undef CHECKS_RULE_ENUM
	CHECKS_NRULES
};

struct checks_rule {
	const char *id;		/* "HC101" */
	const char *name;	/* "RegistryCredentialWithoutServiceRole" */
	enum checks_severity severity;	/* default */
	const char *title;
	const char *description;
};

/* The rule of an id; the catalogue in rule order in *n. */
const struct checks_rule *checks_rule(enum checks_rule_id id);
const struct checks_rule *checks_rules(size_t *n);

/* Kinds of automatic fix, as edits of the file's original bytes. */
enum checks_fix_kind {
	CHECKS_FIX_NONE,
	CHECKS_FIX_SET_ATTRIBUTE,	/* add name = text to block's first
					   attribute run */
	CHECKS_FIX_REPLACE_EXPR,	/* expr becomes text */
	CHECKS_FIX_RENAME_BLOCK,	/* block's type becomes text */
	CHECKS_FIX_SPLICE,		/* replace length bytes at offset */
};

struct checks_fix {
	enum checks_fix_kind kind;
	size_t file;			/* index into root->files */
	const struct hcl_item *item;	/* borrowed from the root */
	const struct hcl_expr *expr;
	char name[64];
	char text[256];
	uint32_t offset;
	uint32_t length;
};

struct checks_finding {
	enum checks_rule_id rule;
	enum checks_severity severity;
	char project[512];	/* address of the project (or other block)
				   the finding is about */
	int root_module;	/* index of the project's root module in
				   the tf_root, -1 when the finding comes
				   from no project's checks */
	char root[256];		/* that module's folder relative to the
				   root directory ("." itself), or "" */
	char file[256];		/* relative to the root directory */
	int line;		/* 1-based */
	char error[512];	/* what Terraform or CodeBuild shows, "" if
				   nothing fails visibly */
	char message[1024];	/* what is wrong and how to fix it */
	int fixable;
	struct checks_fix fix;	/* kind NONE unless fixable */
};

struct checks_report {
	struct checks_finding *findings;	/* owned; sorted by project,
						   file, line */
	size_t n;
};

/* Whether a finding of another root is about a project at f's address,
 * so a heading must name f's root to tell the two apart. */
int checks_report_address_shared(const struct checks_report *report,
    const struct checks_finding *f);

/*
 * Run every check on root. out is filled (free with
 * checks_report_done()); the findings borrow tree pointers from root,
 * which must outlive them. Fails only on out of memory.
 */
int checks_run(const struct tf_root *root, struct checks_report *out,
    struct hc_error *err);
void checks_report_done(struct checks_report *report);

struct aws_config;

/*
 * Add to report (from checks_run()) what AWS reports about the projects
 * of root: the deployed project's pull settings (CodeBuild
 * BatchGetProjects) and whether the secret exists (Secrets Manager
 * DescribeSecret). Projects whose name is not a known string are
 * skipped. Fails with the client's error (HC_ERR_NETWORK, HC_ERR_AUTH,
 * HC_ERR_REMOTE) when a call fails for another reason than an unknown
 * project or secret, or a denied DescribeSecret.
 */
int checks_run_live(const struct tf_root *root, const struct aws_config *cfg,
    struct checks_report *report, struct hc_error *err);

/* How many findings have at least this severity. */
size_t checks_report_count(const struct checks_report *report,
    enum checks_severity at_least);

/*
 * Add to plan (initialised by the caller for root->dir) the edits of
 * every fixable finding of report, one new text per file. A fix that
 * clashes with another one in the same bytes is left out and named in
 * the plan's notes. *nfixed is set to the number of fixes planned.
 */
int checks_fix_plan(const struct tf_root *root,
    const struct checks_report *report, struct plan *plan, size_t *nfixed,
    struct hc_error *err);

#endif
