/*
 * Shared parts of the check files: the run's context, adding a finding,
 * and small helpers for names and values.
 */
#ifndef HUBCRED_CORE_CHECKS_CHECKS_PRIVATE_H
#define HUBCRED_CORE_CHECKS_CHECKS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/checks.h"
#include "core/tf/project.h"

struct checks_ctx {
	const struct tf_root *root;
	struct checks_report *report;
	size_t cap;
	int failed;		/* out of memory: stop and report it */
	int project_root;	/* root module of the project being checked,
				   -1 between projects */
};

/*
 * Add a finding at token tok of root file file (HCL). error is what
 * Terraform or CodeBuild shows (NULL: nothing). Returns the finding, to
 * set its severity or fix, or NULL when out of memory.
 */
struct checks_finding *checks_add(struct checks_ctx *ctx,
    enum checks_rule_id rule, const char *project, size_t file,
    uint32_t tok, const char *error, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The same at a path (relative to the root) and line of any file. */
struct checks_finding *checks_add_at(struct checks_ctx *ctx,
    enum checks_rule_id rule, const char *project, const char *path,
    int line, const char *error, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The credential attribute of the project's registry_credential, or
 * NULL. */
const struct hcl_item *checks_credential_attribute(
    const struct hcl_file *hcl, const struct tf_project *p);

/* Sort the findings by file and line. */
void checks_sort(struct checks_report *report);

/* 1-based line of token tok. */
int checks_line(const struct hcl_file *file, uint32_t tok);

/*
 * Edit distance between a and b after dropping '_' and '-' and folding
 * case, so "registryCredentials" is 1 away from "registry_credential".
 */
size_t checks_name_distance(const char *a, const char *b);

/* Copy the text of token tok into buf (NUL-terminated, truncated). */
void checks_token_copy(const struct hcl_file *file, uint32_t tok,
    char *buf, size_t size);

/* The checks, by file. */
void checks_environment_project(struct checks_ctx *ctx,
    const struct tf_project *p);
void checks_json_project(struct checks_ctx *ctx, const struct tf_project *p);
void checks_secret_credential(struct checks_ctx *ctx,
    const struct tf_project *p, const struct hcl_item *attr);
void checks_secret_permissions(struct checks_ctx *ctx,
    const struct tf_project *p);
void checks_secret_policies(struct checks_ctx *ctx);
void checks_secret_versions(struct checks_ctx *ctx);
void checks_style_run(struct checks_ctx *ctx);
void checks_buildspec_project(struct checks_ctx *ctx,
    const struct tf_project *p);

#endif
