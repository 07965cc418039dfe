/*
 * Parser of the AWS shared config and credentials files. The rules are
 * listed in profile.h.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/aws/profile.h"

struct aws_profile_set {
	struct aws_profile **kinds[AWS_PROFILE_KIND_COUNT];
	size_t n[AWS_PROFILE_KIND_COUNT];
	size_t cap[AWS_PROFILE_KIND_COUNT];

	/* "[default]" of the config file, kept aside until we know whether
	 * a "[profile default]" replaces it. */
	struct aws_profile *bare_default;
	int prefixed_default;

	char **files;
	size_t n_files;
};

struct parse {
	struct aws_profile_set *set;
	enum aws_profile_file which;
	const char *file;
	int line;

	int in_section;			/* a header was seen */
	struct aws_profile *cur;	/* NULL: section ignored */
	struct aws_profile *last;	/* profile of the last property */
	size_t last_i;
	int last_sub;			/* last value was empty: sub-props */
	int has_last;
};

static void
profile_free(struct aws_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n_props; i++) {
		free(p->props[i].key);
		if (p->props[i].value != NULL) {
			sodium_memzero(p->props[i].value,
			    strlen(p->props[i].value));
			free(p->props[i].value);
		}
	}
	free(p->props);
	free(p->name);
	free(p);
}

struct aws_profile_set *
aws_profile_set_new(void)
{
	return calloc(1, sizeof(struct aws_profile_set));
}

void
aws_profile_set_free(struct aws_profile_set *set)
{
	size_t i, k;

	if (set == NULL)
		return;
	for (k = 0; k < AWS_PROFILE_KIND_COUNT; k++) {
		for (i = 0; i < set->n[k]; i++)
			profile_free(set->kinds[k][i]);
		free(set->kinds[k]);
	}
	profile_free(set->bare_default);
	for (i = 0; i < set->n_files; i++)
		free(set->files[i]);
	free(set->files);
	free(set);
}

const struct aws_profile *
aws_profile_set_find(const struct aws_profile_set *set,
    enum aws_profile_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < set->n[kind]; i++) {
		if (strcmp(set->kinds[kind][i]->name, name) == 0)
			return set->kinds[kind][i];
	}
	return NULL;
}

size_t
aws_profile_set_count(const struct aws_profile_set *set,
    enum aws_profile_kind kind)
{
	return set->n[kind];
}

const struct aws_profile *
aws_profile_set_at(const struct aws_profile_set *set,
    enum aws_profile_kind kind, size_t i)
{
	return i < set->n[kind] ? set->kinds[kind][i] : NULL;
}

const struct aws_profile_prop *
aws_profile_prop(const struct aws_profile *profile, const char *key)
{
	size_t i;

	if (profile == NULL)
		return NULL;
	for (i = 0; i < profile->n_props; i++) {
		if (strcmp(profile->props[i].key, key) == 0)
			return &profile->props[i];
	}
	return NULL;
}

const char *
aws_profile_get(const struct aws_profile *profile, const char *key)
{
	const struct aws_profile_prop *prop;

	prop = aws_profile_prop(profile, key);
	return prop != NULL ? prop->value : NULL;
}

static struct aws_profile *
profile_new(const char *name)
{
	struct aws_profile *p;

	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->name = strdup(name);
	if (p->name == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

/* Return the section name of kind, created when missing. */
static struct aws_profile *
set_get(struct aws_profile_set *set, enum aws_profile_kind kind,
    const char *name)
{
	struct aws_profile **grown;
	struct aws_profile *p;
	size_t cap;

	p = (struct aws_profile *)aws_profile_set_find(set, kind, name);
	if (p != NULL)
		return p;
	if (set->n[kind] == set->cap[kind]) {
		cap = set->cap[kind] ? set->cap[kind] * 2 : 4;
		grown = realloc(set->kinds[kind], cap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		set->kinds[kind] = grown;
		set->cap[kind] = cap;
	}
	p = profile_new(name);
	if (p == NULL)
		return NULL;
	set->kinds[kind][set->n[kind]++] = p;
	return p;
}

/* Set key (already lower case) to value, replacing an earlier value.
 * Return the index of the property, or -1 when out of memory. */
static long
profile_put(struct aws_profile *p, const char *key, const char *value,
    const char *file, int line)
{
	struct aws_profile_prop *prop, *grown;
	char *copy;
	size_t i, cap;

	copy = strdup(value);
	if (copy == NULL)
		return -1;
	for (i = 0; i < p->n_props; i++) {
		prop = &p->props[i];
		if (strcmp(prop->key, key) != 0)
			continue;
		sodium_memzero(prop->value, strlen(prop->value));
		free(prop->value);
		prop->value = copy;
		prop->file = file;
		prop->line = line;
		return (long)i;
	}
	if (p->n_props == p->cap_props) {
		cap = p->cap_props ? p->cap_props * 2 : 8;
		grown = realloc(p->props, cap * sizeof(*grown));
		if (grown == NULL)
			goto fail;
		p->props = grown;
		p->cap_props = cap;
	}
	prop = &p->props[p->n_props];
	prop->key = strdup(key);
	if (prop->key == NULL)
		goto fail;
	prop->value = copy;
	prop->file = file;
	prop->line = line;
	return (long)p->n_props++;
fail:
	free(copy);
	return -1;
}

/* Append "\n" + text to property i of p. */
static int
profile_append(struct aws_profile *p, size_t i, const char *text)
{
	struct aws_profile_prop *prop = &p->props[i];
	size_t old = strlen(prop->value), add = strlen(text);
	char *grown;

	grown = malloc(old + add + 2);
	if (grown == NULL)
		return -1;
	memcpy(grown, prop->value, old);
	grown[old] = '\n';
	memcpy(grown + old + 1, text, add + 1);
	sodium_memzero(prop->value, old);
	free(prop->value);
	prop->value = grown;
	return 0;
}

static int
merge_into(struct aws_profile *dst, const struct aws_profile *src)
{
	size_t i;

	for (i = 0; i < src->n_props; i++) {
		if (profile_put(dst, src->props[i].key, src->props[i].value,
		    src->props[i].file, src->props[i].line) < 0)
			return -1;
	}
	return 0;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Trim spaces and tabs in place and return the new start. */
static char *
trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int
valid_profile_name(const char *name)
{
	const char *c;

	if (*name == '\0')
		return 0;
	for (c = name; *c != '\0'; c++) {
		if (!isalnum((unsigned char)*c) && strchr("-/.%@_:+", *c) ==
		    NULL)
			return 0;
	}
	return 1;
}

/* Return "NAME" for "<prefix> NAME" when a space or tab follows the
 * prefix, else NULL. */
static char *
after_prefix(char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0 || !is_blank(name[n]))
		return NULL;
	return trim(name + n);
}

static int
parse_error(struct parse *ps, struct hc_error *err, const char *what)
{
	hc_error_set_at(err, HC_ERR_PARSE, ps->file, ps->line, 1, "%s",
	    what);
	return -1;
}

static int
parse_oom(struct hc_error *err)
{
	hc_error_set(err, HC_ERR_NOMEM, "out of memory reading AWS config");
	return -1;
}

/* Choose the section the properties of name go to (NULL: ignored). */
static int
parse_section_target(struct parse *ps, char *name, struct hc_error *err)
{
	struct aws_profile_set *set = ps->set;
	enum aws_profile_kind kind = AWS_PROFILE_KIND_PROFILE;
	char *rest;

	ps->cur = NULL;
	if (ps->which == AWS_PROFILE_FILE_CREDENTIALS) {
		rest = name;
	} else if (strcmp(name, "default") == 0) {
		if (set->bare_default == NULL)
			set->bare_default = profile_new("default");
		if (set->bare_default == NULL)
			return parse_oom(err);
		ps->cur = set->bare_default;
		return 0;
	} else if ((rest = after_prefix(name, "profile")) != NULL) {
		if (strcmp(rest, "default") == 0)
			set->prefixed_default = 1;
	} else if ((rest = after_prefix(name, "sso-session")) != NULL) {
		kind = AWS_PROFILE_KIND_SSO_SESSION;
	} else if ((rest = after_prefix(name, "services")) != NULL) {
		kind = AWS_PROFILE_KIND_SERVICES;
	} else {
		return 0;
	}
	if (!valid_profile_name(rest))
		return 0;
	ps->cur = set_get(set, kind, rest);
	return ps->cur != NULL ? 0 : parse_oom(err);
}

static int
parse_section(struct parse *ps, char *line, struct hc_error *err)
{
	char *end;

	end = strchr(line, ']');
	if (end == NULL)
		return parse_error(ps, err,
		    "Profile definition must end with ']'");
	*end = '\0';
	ps->in_section = 1;
	ps->has_last = 0;
	return parse_section_target(ps, trim(line + 1), err);
}

/* Cut a comment that follows whitespace in a property value. */
static void
cut_comment(char *value)
{
	char *c;

	for (c = value; *c != '\0'; c++) {
		if ((*c == '#' || *c == ';') && c > value && is_blank(c[-1])) {
			*c = '\0';
			return;
		}
	}
}

static int
parse_property(struct parse *ps, char *line, struct hc_error *err)
{
	char *eq, *key, *value, *c;
	long i;

	if (!ps->in_section)
		return parse_error(ps, err, "Expected a profile definition");
	eq = strchr(line, '=');
	if (eq == NULL)
		return parse_error(ps, err,
		    "Expected an '=' sign defining a property");
	*eq = '\0';
	key = trim(line);
	if (*key == '\0')
		return parse_error(ps, err, "Property did not have a name");
	ps->has_last = 0;
	if (ps->cur == NULL)
		return 0;
	for (c = key; *c != '\0'; c++) {
		if (isspace((unsigned char)*c))
			return 0;
		*c = (char)tolower((unsigned char)*c);
	}
	value = eq + 1;
	cut_comment(value);
	value = trim(value);
	i = profile_put(ps->cur, key, value, ps->file, ps->line);
	if (i < 0)
		return parse_oom(err);
	ps->last = ps->cur;
	ps->last_i = (size_t)i;
	ps->last_sub = *value == '\0';
	ps->has_last = 1;
	return 0;
}

static int
parse_continuation(struct parse *ps, char *line, struct hc_error *err)
{
	char *text = trim(line), *eq;

	if (!ps->in_section)
		return parse_error(ps, err, "Expected a profile definition");
	if (ps->cur == NULL)
		return 0;
	if (!ps->has_last)
		return parse_error(ps, err,
		    "Expected a property definition, found continuation");
	if (ps->last_sub) {
		eq = strchr(text, '=');
		if (eq == NULL)
			return parse_error(ps, err, "Expected an '=' sign "
			    "defining a sub-property");
		if (eq == text)
			return parse_error(ps, err,
			    "Sub-property did not have a name");
	}
	if (profile_append(ps->last, ps->last_i, text) < 0)
		return parse_oom(err);
	return 0;
}

static int
parse_line(struct parse *ps, char *line, struct hc_error *err)
{
	size_t n = strlen(line);
	char *start;

	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	for (start = line; is_blank(*start); start++)
		;
	if (*start == '\0' || *start == '#' || *start == ';')
		return 0;
	if (start != line)
		return parse_continuation(ps, line, err);
	if (*line == '[')
		return parse_section(ps, line, err);
	return parse_property(ps, line, err);
}

static const char *
set_keep_name(struct aws_profile_set *set, const char *filename)
{
	char **grown;
	char *copy;

	copy = strdup(filename != NULL ? filename : "(config)");
	if (copy == NULL)
		return NULL;
	grown = realloc(set->files, (set->n_files + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(copy);
		return NULL;
	}
	set->files = grown;
	set->files[set->n_files++] = copy;
	return copy;
}

/* After the config file: the bare "[default]" counts only if no
 * "[profile default]" was seen. */
static int
finish_config(struct aws_profile_set *set)
{
	struct aws_profile *dflt;
	int rc = 0;

	if (set->bare_default == NULL)
		return 0;
	if (!set->prefixed_default) {
		dflt = set_get(set, AWS_PROFILE_KIND_PROFILE, "default");
		rc = dflt != NULL ? merge_into(dflt, set->bare_default) : -1;
	}
	profile_free(set->bare_default);
	set->bare_default = NULL;
	return rc;
}

int
aws_profile_set_parse(struct aws_profile_set *set,
    enum aws_profile_file which, const char *text, size_t len,
    const char *filename, struct hc_error *err)
{
	struct parse ps = { .set = set, .which = which };
	char *buf = NULL, *line, *next;
	int rc = -1;

	ps.file = set_keep_name(set, filename);
	buf = malloc(len + 1);
	if (ps.file == NULL || buf == NULL) {
		parse_oom(err);
		goto out;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		memset(buf, ' ', 3);
	for (line = buf; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		ps.line++;
		if (parse_line(&ps, line, err) < 0)
			goto out;
	}
	if (which == AWS_PROFILE_FILE_CONFIG && finish_config(set) < 0) {
		parse_oom(err);
		goto out;
	}
	rc = 0;
out:
	if (buf != NULL) {
		sodium_memzero(buf, len);
		free(buf);
	}
	return rc;
}

int
aws_profile_set_load(struct aws_profile_set *set,
    enum aws_profile_file which, const char *path, struct hc_error *err)
{
	char *buf = NULL, *grown;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, rc = -1;

	/* Use read(2) because a stdio buffer would keep an unwiped copy of
	 * the keys in the credentials file. */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		hc_error_set(err, HC_ERR_IO, "reading %s: %s", path,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			/* Grow by hand so realloc leaves no stale copy. */
			grown = malloc(cap + 8192);
			if (grown == NULL) {
				parse_oom(err);
				goto out;
			}
			if (buf != NULL) {
				memcpy(grown, buf, len);
				sodium_memzero(buf, cap);
				free(buf);
			}
			buf = grown;
			cap += 8192;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			hc_error_set(err, HC_ERR_IO, "reading %s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	rc = aws_profile_set_parse(set, which, buf, len, path, err);
out:
	if (buf != NULL) {
		sodium_memzero(buf, cap);
		free(buf);
	}
	close(fd);
	return rc;
}
