/*
 * The role chain of an assume-role profile, read from the profiles
 * alone. The order and the checks follow botocore's AssumeRoleProvider
 * (awscli/botocore/credentials.py): a source profile's static keys win
 * over its role_arn, a profile may name itself only when it has static
 * keys, and both source_profile and credential_source is an error.
 * Limits of the AssumeRole parameters come from the STS API model
 * (sts-2011-06-15.json in github.com/aws/api-models-aws).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/role.h"

/* Kinds of credentials that sign a role's AssumeRole call. */
enum source {
	SOURCE_ENVIRONMENT,	/* credential_source = Environment */
	SOURCE_BASE,		/* a profile's keys or credential_process */
	SOURCE_ROLE,		/* a profile with its own role to assume */
};

/* Return the property key of p, or NULL when it is missing or empty. */
static const struct aws_profile_prop *
prop_set(const struct aws_profile *p, const char *key)
{
	const struct aws_profile_prop *prop = aws_profile_prop(p, key);

	return prop != NULL && prop->value[0] != '\0' ? prop : NULL;
}

int
aws_role_has_static_keys(const struct aws_profile *profile)
{
	return prop_set(profile, "aws_access_key_id") != NULL &&
	    aws_profile_prop(profile, "aws_secret_access_key") != NULL;
}

void
aws_role_chain_done(struct aws_role_chain *chain)
{
	free(chain->hops);
	memset(chain, 0, sizeof(*chain));
}

/* An IAM role ARN, arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME, of
 * printable ASCII and 20 to 2048 characters as STS requires. */
static int
role_arn_valid(const char *arn)
{
	size_t n = strlen(arn), i;

	if (n < 20 || n > 2048 || strncmp(arn, "arn:", 4) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (arn[i] <= ' ' || arn[i] > '~')
			return 0;
	}
	arn += 4;
	n = strspn(arn, "abcdefghijklmnopqrstuvwxyz-");
	if (n == 0 || strncmp(arn + n, ":iam::", 6) != 0)
		return 0;
	arn += n + 6;
	if (strspn(arn, "0123456789") != 12 || strncmp(arn + 12, ":role/", 6))
		return 0;
	return arn[18] != '\0';
}

/* Return 1 when value has min to max characters, each a letter, digit,
 * '_' or one of extra (the STS model's patterns). */
static int
chars_valid(const char *value, const char *extra, size_t min, size_t max)
{
	static const char word[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	size_t n = strlen(value), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		if (strchr(word, value[i]) == NULL &&
		    strchr(extra, value[i]) == NULL)
			return 0;
	}
	return 1;
}

static int
read_duration(const struct aws_profile_prop *prop, const char *profile,
    int *out, struct hc_error *err)
{
	char *end;
	long n;

	n = strtol(prop->value, &end, 10);
	if (*end != '\0' || n < 900 || n > 43200) {
		hc_error_set_at(err, HC_ERR_INPUT, prop->file, prop->line, 0,
		    "duration_seconds \"%s\" of profile %s is not a number of "
		    "seconds from 900 to 43200", prop->value, profile);
		hc_error_hint(err, "remove duration_seconds for one hour, or "
		    "set it to at most the role's maximum session duration");
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* Reject mfa_serial: hubcred loads credentials before any screen, where
 * no one could type the code. */
static int
check_mfa(const struct aws_profile *p, struct hc_error *err)
{
	const struct aws_profile_prop *mfa = prop_set(p, "mfa_serial");

	if (mfa == NULL)
		return 0;
	hc_error_set_at(err, HC_ERR_AUTH, mfa->file, mfa->line, 0,
	    "profile %s sets mfa_serial, which hubcred does not support: it "
	    "cannot ask for an MFA code while it loads credentials", p->name);
	hc_error_hint(err, "export the role's credentials first with eval "
	    "\"$(aws configure export-credentials --profile %s --format "
	    "env)\", or use a credential_process", p->name);
	return -1;
}

/* Fill in hop from the role settings of p, checking each value. */
static int
hop_read(const struct aws_profile *p, struct aws_role_hop *hop,
    struct hc_error *err)
{
	const struct aws_profile_prop *arn, *ext, *session, *duration;

	arn = prop_set(p, "role_arn");
	hop->profile = p->name;
	hop->role_arn = arn->value;
	hop->file = arn->file;
	hop->line = arn->line;
	if (!role_arn_valid(arn->value)) {
		hc_error_set_at(err, HC_ERR_INPUT, arn->file, arn->line, 0,
		    "role_arn of profile %s is not an IAM role ARN", p->name);
		hc_error_hint(err, "write it as "
		    "arn:aws:iam::ACCOUNT:role/NAME");
		return -1;
	}
	if (check_mfa(p, err) < 0)
		return -1;
	if ((ext = prop_set(p, "external_id")) != NULL &&
	    !chars_valid(ext->value, "+=,.@:/-", 2, 1224)) {
		hc_error_set_at(err, HC_ERR_INPUT, ext->file, ext->line, 0,
		    "external_id of profile %s is invalid", p->name);
		hc_error_hint(err, "use 2 to 1224 letters, digits and "
		    "_+=,.@:/-");
		return -1;
	}
	if ((session = prop_set(p, "role_session_name")) != NULL &&
	    !chars_valid(session->value, "+=,.@-", 2, 64)) {
		hc_error_set_at(err, HC_ERR_INPUT, session->file,
		    session->line, 0, "role_session_name \"%s\" of profile %s "
		    "is invalid", session->value, p->name);
		hc_error_hint(err, "use 2 to 64 letters, digits and _+=,.@-");
		return -1;
	}
	hop->external_id = ext ? ext->value : NULL;
	hop->session_name = session ? session->value : NULL;
	duration = prop_set(p, "duration_seconds");
	if (duration != NULL &&
	    read_duration(duration, p->name, &hop->duration_seconds, err) < 0)
		return -1;
	return 0;
}

static int
read_credential_source(const struct aws_profile_prop *cs, const char *profile,
    struct hc_error *err)
{
	if (strcmp(cs->value, "Environment") == 0)
		return SOURCE_ENVIRONMENT;
	if (strcmp(cs->value, "Ec2InstanceMetadata") == 0 ||
	    strcmp(cs->value, "EcsContainer") == 0) {
		hc_error_set_at(err, HC_ERR_AUTH, cs->file, cs->line, 0,
		    "profile %s has credential_source = %s, which hubcred does "
		    "not support: it never calls the instance metadata service "
		    "or a container credentials endpoint", profile, cs->value);
		hc_error_hint(err, "use source_profile or credential_source = "
		    "Environment, or export the credentials with aws "
		    "configure export-credentials");
		return -1;
	}
	hc_error_set_at(err, HC_ERR_INPUT, cs->file, cs->line, 0,
	    "credential_source \"%s\" of profile %s is invalid", cs->value,
	    profile);
	hc_error_hint(err, "use Environment (hubcred supports no other "
	    "value), or source_profile");
	return -1;
}

/* Check that the profile at the bottom of a chain has credentials
 * hubcred can load. */
static int
base_check(const struct aws_profile *src, const char *profile,
    const struct aws_profile_prop *sp, struct hc_error *err)
{
	if (aws_role_has_static_keys(src) ||
	    prop_set(src, "credential_process") != NULL)
		return SOURCE_BASE;
	if (aws_profile_get(src, "sso_session") != NULL ||
	    aws_profile_get(src, "sso_start_url") != NULL) {
		hc_error_set_at(err, HC_ERR_AUTH, sp->file, sp->line, 0,
		    "source profile %s of profile %s uses SSO, which hubcred "
		    "does not support", src->name, profile);
		hc_error_hint(err, "export the credentials first with aws "
		    "configure export-credentials --profile %s", profile);
		return -1;
	}
	hc_error_set_at(err, HC_ERR_AUTH, sp->file, sp->line, 0, "source "
	    "profile %s of profile %s has no credentials (no "
	    "aws_access_key_id, credential_process or role_arn)", src->name,
	    profile);
	hc_error_hint(err, "give profile %s keys or a credential_process",
	    src->name);
	return -1;
}

static void
loop_error(const struct aws_profile_prop *sp, const char *const *visited,
    size_t n, const char *next, struct hc_error *err)
{
	char path[HC_ERROR_MESSAGE_MAX - 64];
	size_t used = 0, i;
	int k;

	path[0] = '\0';
	for (i = 0; i < n && used < sizeof(path); i++) {
		k = snprintf(path + used, sizeof(path) - used, "%s -> ",
		    visited[i]);
		if (k > 0)
			used += (size_t)k;
	}
	if (used < sizeof(path))
		snprintf(path + used, sizeof(path) - used, "%s", next);
	hc_error_set_at(err, HC_ERR_INPUT, sp->file, sp->line, 0,
	    "source_profile loop: %s", path);
	hc_error_hint(err, "give one of these profiles static keys or a "
	    "credential_process instead of a source_profile");
}

/*
 * Find where the role of p (already in visited) gets its credentials.
 * Sets *next to the source profile's name for SOURCE_BASE and
 * SOURCE_ROLE.
 */
static int
next_source(const struct aws_profile_set *set, const struct aws_profile *p,
    const char *const *visited, size_t n_visited, const char **next,
    struct hc_error *err)
{
	const struct aws_profile_prop *sp, *cs;
	const struct aws_profile *src;
	size_t i;

	sp = prop_set(p, "source_profile");
	cs = prop_set(p, "credential_source");
	if (sp != NULL && cs != NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, cs->file, cs->line, 0,
		    "profile %s sets both source_profile and "
		    "credential_source", p->name);
		hc_error_hint(err, "keep one of them, as the AWS CLI requires");
		return -1;
	}
	if (cs != NULL)
		return read_credential_source(cs, p->name, err);
	if (sp == NULL) {
		sp = aws_profile_prop(p, "role_arn");
		hc_error_set_at(err, HC_ERR_INPUT, sp->file, sp->line, 0,
		    "profile %s has role_arn but neither source_profile nor "
		    "credential_source%s", p->name,
		    aws_profile_get(p, "web_identity_token_file") ? " "
		    "(web_identity_token_file is not supported)" : "");
		hc_error_hint(err, "add source_profile = PROFILE, naming a "
		    "profile whose credentials may assume the role, or "
		    "credential_source = Environment");
		return -1;
	}
	src = aws_profile_set_find(set, AWS_PROFILE_KIND_PROFILE, sp->value);
	if (src == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, sp->file, sp->line, 0,
		    "source_profile \"%s\" of profile %s not found", sp->value,
		    p->name);
		hc_error_hint(err, "add [profile %s] to the AWS config file, "
		    "or correct source_profile", sp->value);
		return -1;
	}
	*next = src->name;
	for (i = 0; i < n_visited; i++) {
		if (strcmp(visited[i], src->name) != 0)
			continue;
		/* A profile may hold both its role and the keys that
		 * assume it. */
		if (src == p && aws_role_has_static_keys(src))
			return SOURCE_BASE;
		loop_error(sp, visited, n_visited, src->name, err);
		return -1;
	}
	if (aws_role_has_static_keys(src))
		return SOURCE_BASE;
	if (prop_set(src, "role_arn") != NULL)
		return SOURCE_ROLE;
	return base_check(src, p->name, sp, err);
}

/* Put the hops in the order of the calls: the deepest role first. */
static void
hops_reverse(struct aws_role_chain *chain)
{
	struct aws_role_hop tmp;
	size_t i, j;

	for (i = 0, j = chain->n_hops; i + 1 < j; i++, j--) {
		tmp = chain->hops[i];
		chain->hops[i] = chain->hops[j - 1];
		chain->hops[j - 1] = tmp;
	}
}

int
aws_role_chain_resolve(const struct aws_profile_set *set,
    const char *profile, struct aws_role_chain *chain, struct hc_error *err)
{
	const struct aws_profile *p;
	const char **visited = NULL, *next = NULL;
	size_t max, n_visited = 0;
	int rc = -1, source;

	memset(chain, 0, sizeof(*chain));
	p = aws_profile_set_find(set, AWS_PROFILE_KIND_PROFILE, profile);
	if (prop_set(p, "role_arn") == NULL)
		return 0;

	/* Each profile is visited once, so the chain is at most as long as
	 * the list of profiles. */
	max = aws_profile_set_count(set, AWS_PROFILE_KIND_PROFILE) + 1;
	visited = calloc(max, sizeof(*visited));
	chain->hops = calloc(max, sizeof(*chain->hops));
	if (visited == NULL || chain->hops == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		visited[n_visited++] = p->name;
		if (hop_read(p, &chain->hops[chain->n_hops++], err) < 0)
			goto out;
		source = next_source(set, p, visited, n_visited, &next, err);
		if (source < 0)
			goto out;
		if (source != SOURCE_ROLE)
			break;
		p = aws_profile_set_find(set, AWS_PROFILE_KIND_PROFILE, next);
	}
	chain->base = source == SOURCE_ENVIRONMENT ?
	    AWS_ROLE_BASE_ENVIRONMENT : AWS_ROLE_BASE_PROFILE;
	chain->base_profile = source == SOURCE_BASE ? next : NULL;
	hops_reverse(chain);
	rc = 1;
out:
	free(visited);
	if (rc < 0)
		aws_role_chain_done(chain);
	return rc;
}
