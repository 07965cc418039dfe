/*
 * The AWS shared config and credentials files (~/.aws/config,
 * ~/.aws/credentials), parsed by the rules of the SDKs' shared parser
 * suite (spec/aws-config-tests/profile-parser-tests.json):
 *
 * - config: "[profile NAME]", "[default]" (dropped if "[profile default]"
 *   exists), "[sso-session NAME]", "[services NAME]"; other sections are
 *   ignored. credentials: "[NAME]"; "[profile NAME]" there is ignored.
 * - '#' and ';' start a comment at the start of a line, anywhere after a
 *   section header, and after whitespace in a property value.
 * - indented lines continue the previous value (joined with '\n'); after
 *   an empty value they are sub-properties and must contain '='.
 * - keys are case-insensitive (stored lower case); the last value wins;
 *   a profile in both files merges and the credentials file wins.
 *
 * Not inih: Debian's libinih is built with a 200-byte line limit (a
 * session token line is longer and would be split), splits on ':' too,
 * reports no empty section and cannot tell a continuation from a repeated
 * key.
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
	const char *file;	/* path given to the parser; owned by the set */
	int line;
};

struct aws_profile {
	char *name;
	struct aws_profile_prop *props;
	size_t n_props;
	size_t cap_props;
};

struct aws_profile_set;

/* A new empty set; free with aws_profile_set_free(). NULL when out of
 * memory. */
struct aws_profile_set *aws_profile_set_new(void);

/* Wipe every value and release the set; NULL is allowed. */
void aws_profile_set_free(struct aws_profile_set *set);

/*
 * Parse len bytes of text (one file) into set, merging with what is there
 * already. Parse config before credentials so the credentials file wins.
 * filename is used in errors ("FILE:LINE: ..."). Returns 0, or -1 with
 * err set (HC_ERR_PARSE or HC_ERR_NOMEM); on error set may hold part of
 * the file.
 */
int aws_profile_set_parse(struct aws_profile_set *set,
    enum aws_profile_file which, const char *text, size_t len,
    const char *filename, struct hc_error *err);

/* Read and parse a file; a missing file is not an error (returns 0).
 * The read buffer is wiped, since it may hold keys. */
int aws_profile_set_load(struct aws_profile_set *set,
    enum aws_profile_file which, const char *path, struct hc_error *err);

/* Lookups. The pointers stay valid until the set is freed. */
const struct aws_profile *aws_profile_set_find(
    const struct aws_profile_set *set, enum aws_profile_kind kind,
    const char *name);
size_t aws_profile_set_count(const struct aws_profile_set *set,
    enum aws_profile_kind kind);
const struct aws_profile *aws_profile_set_at(
    const struct aws_profile_set *set, enum aws_profile_kind kind,
    size_t i);

/* The property key (lower case) of profile, or NULL; profile may be
 * NULL. */
const struct aws_profile_prop *aws_profile_prop(
    const struct aws_profile *profile, const char *key);

/* Its value, or NULL. */
const char *aws_profile_get(const struct aws_profile *profile,
    const char *key);

#endif
