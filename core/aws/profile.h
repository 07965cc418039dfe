/*
 * Parser of the AWS shared config and credentials files (~/.aws/config,
 * ~/.aws/credentials), following the SDKs' shared parser test suite
 * (profile-parser-tests.json in smithy-rs, copied to tests/data/aws/):
 *
 * - The config file has "[profile NAME]", "[default]" (dropped when a
 *   "[profile default]" exists), "[sso-session NAME]" and
 *   "[services NAME]". Other sections are ignored. The credentials file
 *   has "[NAME]", and "[profile NAME]" there is ignored.
 * - '#' and ';' start a comment at the start of a line, anywhere after a
 *   section header, and after whitespace in a property value.
 * - Indented lines continue the previous value, joined with '\n'. After
 *   an empty value they are sub-properties and must contain '='.
 * - Keys are case-insensitive and stored in lower case. The last value
 *   wins, and a profile in both files merges, the credentials file
 *   winning.
 *
 * inih is not used because Debian's libinih is built with a 200-byte
 * line limit, which splits a session token line. It also splits keys on
 * ':', reports no empty section and cannot tell a continuation from a
 * repeated key.
 */
#ifndef HUBCRED_CORE_AWS_PROFILE_H
#define HUBCRED_CORE_AWS_PROFILE_H

#include <stddef.h>

#include "core/error.h"

enum aws_profile_file {
	AWS_PROFILE_FILE_CONFIG,
	AWS_PROFILE_FILE_CREDENTIALS,
};

enum aws_profile_kind {
	AWS_PROFILE_KIND_PROFILE,
	AWS_PROFILE_KIND_SSO_SESSION,
	AWS_PROFILE_KIND_SERVICES,
	AWS_PROFILE_KIND_COUNT,
};

struct aws_profile_prop {
	char *key;		/* lower case */
	char *value;		/* wiped when the set is freed */
	const char *file;	/* path given to the parser, owned by the set */
	int line;
};

struct aws_profile {
	char *name;
	struct aws_profile_prop *props;
	size_t n_props;
	size_t cap_props;
};

struct aws_profile_set;

/* Return a new empty set, or NULL when out of memory. Free it with
 * aws_profile_set_free(). */
struct aws_profile_set *aws_profile_set_new(void);

/* Wipe every value and free the set. NULL is allowed. */
void aws_profile_set_free(struct aws_profile_set *set);

/*
 * Parse len bytes of text (one file) into set, merging with its contents.
 * Parse the config file before the credentials file so the credentials
 * file wins. filename is used in errors ("FILE:LINE: ..."). Returns 0, or
 * -1 with err set to HC_ERR_PARSE or HC_ERR_NOMEM. After an error, set
 * may contain part of the file.
 */
int aws_profile_set_parse(struct aws_profile_set *set,
    enum aws_profile_file which, const char *text, size_t len,
    const char *filename, struct hc_error *err);

/* Read and parse a file. A missing file is not an error (returns 0).
 * The read buffer is wiped because it may contain keys. */
int aws_profile_set_load(struct aws_profile_set *set,
    enum aws_profile_file which, const char *path, struct hc_error *err);

/* Look up sections. The pointers stay valid until the set is freed. */
const struct aws_profile *aws_profile_set_find(
    const struct aws_profile_set *set, enum aws_profile_kind kind,
    const char *name);
size_t aws_profile_set_count(const struct aws_profile_set *set,
    enum aws_profile_kind kind);
const struct aws_profile *aws_profile_set_at(
    const struct aws_profile_set *set, enum aws_profile_kind kind,
    size_t i);

/* Return the property key (lower case) of profile, or NULL. profile may
 * be NULL. */
const struct aws_profile_prop *aws_profile_prop(
    const struct aws_profile *profile, const char *key);

/* Return the value of property key, or NULL. */
const char *aws_profile_get(const struct aws_profile *profile,
    const char *key);

#endif
