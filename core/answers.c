/* Reading, validating and writing the answers file. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/answers.h"

void
answers_init(struct answers *answers)
{
	memset(answers, 0, sizeof *answers);
	answers->hunks_all = 1;
}

void
answers_done(struct answers *answers)
{
	size_t i;

	free(answers->project);
	free(answers->dockerhub_username);
	free(answers->secret_name);
	free(answers->secret_region);
	free(answers->secret_arn);
	free(answers->kms_key_id);
	free(answers->variable);
	free(answers->tfvars);
	free(answers->policy);
	for (i = 0; i < answers->nhunks; i++)
		free(answers->hunks[i]);
	free(answers->hunks);
	answers_init(answers);
}

int
answers_set(char **slot, const char *value, struct hc_error *err)
{
	char *copy = NULL;

	if (value != NULL) {
		copy = strdup(value);
		if (copy == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
	}
	free(*slot);
	*slot = copy;
	return 0;
}

const char *
answers_secret_action_name(enum answers_secret_action action)
{
	switch (action) {
	case ANSWERS_SECRET_CREATE:
		return "create";
	case ANSWERS_SECRET_USE:
		return "use";
	case ANSWERS_SECRET_UPDATE:
		return "update";
	case ANSWERS_SECRET_UNSET:
		break;
	}
	return NULL;
}

/* Copy the string at key of object into *slot; absent and null leave the
 * slot empty. keypath names the member in messages. */
static int
take_string(const char *path, json_t *object, const char *key,
    const char *keypath, char **slot, struct hc_error *err)
{
	json_t *value = json_object_get(object, key);

	if (value == NULL || json_is_null(value))
		return 0;
	if (!json_is_string(value) || json_string_length(value) == 0) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "%s: expected a non-empty string", keypath);
		return -1;
	}
	return answers_set(slot, json_string_value(value), err);
}

static int
check_keys(const char *path, json_t *object, const char *prefix,
    const char *const *known, struct hc_error *err)
{
	const char *key;
	json_t *value;
	size_t i;

	json_object_foreach(object, key, value) {
		for (i = 0; known[i] != NULL; i++) {
			if (strcmp(key, known[i]) == 0)
				break;
		}
		if (known[i] == NULL) {
			hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
			    "%s%s: unknown key", prefix, key);
			hc_error_hint(err, "the answers file format is "
			    "described in hubcred(1)");
			return -1;
		}
	}
	return 0;
}

static int
parse_secret(const char *path, json_t *secret, struct answers *answers,
    struct hc_error *err)
{
	static const char *const known[] = {"action", "name", "region", "arn",
	    "kms_key_id", NULL};
	json_t *action;
	const char *name;

	if (!json_is_object(secret)) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "secret: expected an object");
		return -1;
	}
	if (check_keys(path, secret, "secret.", known, err) < 0)
		return -1;
	action = json_object_get(secret, "action");
	name = json_is_string(action) ? json_string_value(action) : "";
	if (strcmp(name, "create") == 0)
		answers->secret_action = ANSWERS_SECRET_CREATE;
	else if (strcmp(name, "use") == 0)
		answers->secret_action = ANSWERS_SECRET_USE;
	else if (strcmp(name, "update") == 0)
		answers->secret_action = ANSWERS_SECRET_UPDATE;
	else {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "secret.action: expected one of create, use, update");
		return -1;
	}
	if (take_string(path, secret, "name", "secret.name",
	    &answers->secret_name, err) < 0 ||
	    take_string(path, secret, "region", "secret.region",
	    &answers->secret_region, err) < 0 ||
	    take_string(path, secret, "arn", "secret.arn",
	    &answers->secret_arn, err) < 0 ||
	    take_string(path, secret, "kms_key_id", "secret.kms_key_id",
	    &answers->kms_key_id, err) < 0)
		return -1;

	if (answers->secret_action == ANSWERS_SECRET_CREATE &&
	    answers->secret_name == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "secret.name: required when secret.action is create");
		return -1;
	}
	if (answers->secret_action != ANSWERS_SECRET_CREATE &&
	    answers->secret_arn == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "secret.arn: required when secret.action is %s", name);
		return -1;
	}
	return 0;
}

static int
parse_hunks(const char *path, json_t *hunks, struct answers *answers,
    struct hc_error *err)
{
	size_t i;
	json_t *id;

	if (hunks == NULL)
		return 0;
	if (json_is_string(hunks) &&
	    strcmp(json_string_value(hunks), "all") == 0)
		return 0;
	if (!json_is_array(hunks)) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "hunks: expected \"all\" or a list of hunk ids");
		return -1;
	}
	answers->hunks_all = 0;
	answers->hunks = calloc(json_array_size(hunks) + 1,
	    sizeof *answers->hunks);
	if (answers->hunks == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	json_array_foreach(hunks, i, id) {
		size_t k;

		if (!json_is_string(id)) {
			hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
			    "hunks[%zu]: expected a hunk id string", i);
			return -1;
		}
		for (k = 0; k < i; k++) {
			if (strcmp(answers->hunks[k], json_string_value(id)) ==
			    0) {
				hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
				    "hunks[%zu]: \"%s\" is listed twice", i,
				    answers->hunks[k]);
				return -1;
			}
		}
		answers->hunks[i] = strdup(json_string_value(id));
		if (answers->hunks[i] == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
		answers->nhunks++;
	}
	return 0;
}

/* Reject a recording that stopped early: the choices it lacks would be
 * taken by default, which is not what the recorded user chose. */
static int
check_finished(const char *path, json_t *unfinished, struct hc_error *err)
{
	if (unfinished == NULL || json_is_false(unfinished))
		return 0;
	if (!json_is_true(unfinished)) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "unfinished: expected true or false");
		return -1;
	}
	hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0, "the recording is "
	    "unfinished: the wizard stopped before the end of the review, "
	    "so the choices after the last one recorded are missing");
	hc_error_hint(err, "record it again through the review (--dry-run "
	    "writes nothing), or delete \"unfinished\" to let replay "
	    "choose the rest by default");
	return -1;
}

static int
parse_root(const char *path, json_t *root, struct answers *answers,
    struct hc_error *err)
{
	static const char *const known[] = {"hubcred_answers", "project",
	    "dockerhub_username", "secret", "variable", "tfvars", "policy",
	    "hunks", "unfinished", NULL};
	json_t *version;
	json_t *secret;

	if (!json_is_object(root)) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "expected a JSON object at the top level");
		return -1;
	}
	version = json_object_get(root, "hubcred_answers");
	if (!json_is_integer(version) ||
	    json_integer_value(version) != ANSWERS_VERSION) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "hubcred_answers: expected version %d",
		    ANSWERS_VERSION);
		hc_error_hint(err, "this hubcred reads answers files of "
		    "version %d; record the file again", ANSWERS_VERSION);
		return -1;
	}
	if (check_keys(path, root, "", known, err) < 0)
		return -1;
	if (check_finished(path, json_object_get(root, "unfinished"),
	    err) < 0)
		return -1;
	if (take_string(path, root, "project", "project", &answers->project,
	    err) < 0 ||
	    take_string(path, root, "dockerhub_username",
	    "dockerhub_username", &answers->dockerhub_username, err) < 0 ||
	    take_string(path, root, "variable", "variable",
	    &answers->variable, err) < 0 ||
	    take_string(path, root, "tfvars", "tfvars", &answers->tfvars,
	    err) < 0 ||
	    take_string(path, root, "policy", "policy", &answers->policy,
	    err) < 0)
		return -1;
	if (answers->project == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "project: required");
		return -1;
	}
	secret = json_object_get(root, "secret");
	if (secret == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "secret: required");
		return -1;
	}
	if (parse_secret(path, secret, answers, err) < 0)
		return -1;
	return parse_hunks(path, json_object_get(root, "hunks"), answers,
	    err);
}

int
answers_parse(const char *path, const char *text, size_t len,
    struct answers *answers, struct hc_error *err)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	answers_init(answers);
	/* Some editors save UTF-8 with a byte order mark, so one at the
	 * start is skipped. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, path, jerr.line,
		    jerr.column, "invalid JSON: %s",
		    strstr(jerr.text, "JSON_ALLOW_NUL") != NULL ? "a string "
		    "holds \\u0000, which no answer can contain" : jerr.text);
		return -1;
	}
	rc = parse_root(path, root, answers, err);
	json_decref(root);
	if (rc < 0)
		answers_done(answers);
	return rc;
}

int
answers_load(const char *path, struct answers *answers,
    struct hc_error *err)
{
	char *text = NULL;
	size_t len = 0;
	ssize_t n;
	FILE *fp;
	int rc;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "cannot open the answers file: %s", strerror(errno));
		return -1;
	}
	n = getdelim(&text, &len, '\0', fp);
	rc = n < 0 && ferror(fp) ? -1 : 0;
	if (rc == 0 && text == NULL)
		rc = -1;
	else if (rc == 0 && n < 0)
		text[0] = '\0';	/* empty: getdelim() wrote nothing */
	fclose(fp);
	if (rc < 0) {
		free(text);
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0,
		    "cannot read the answers file");
		return -1;
	}
	rc = answers_parse(path, text, strlen(text), answers, err);
	free(text);
	return rc;
}

static int
set_string(json_t *object, const char *key, const char *value)
{
	if (value == NULL)
		return 0;
	return json_object_set_new(object, key, json_string(value));
}

static json_t *
answers_to_json(const struct answers *answers)
{
	json_t *root = json_object();
	json_t *secret;
	json_t *hunks;
	size_t i;

	if (root == NULL)
		return NULL;
	json_object_set_new(root, "hubcred_answers",
	    json_integer(ANSWERS_VERSION));
	set_string(root, "project", answers->project);
	set_string(root, "dockerhub_username", answers->dockerhub_username);
	if (answers->secret_action != ANSWERS_SECRET_UNSET) {
		secret = json_object();
		set_string(secret, "action",
		    answers_secret_action_name(answers->secret_action));
		set_string(secret, "name", answers->secret_name);
		set_string(secret, "region", answers->secret_region);
		set_string(secret, "arn", answers->secret_arn);
		json_object_set_new(secret, "kms_key_id",
		    answers->kms_key_id ? json_string(answers->kms_key_id)
					: json_null());
		json_object_set_new(root, "secret", secret);
	}
	set_string(root, "variable", answers->variable);
	set_string(root, "tfvars", answers->tfvars);
	set_string(root, "policy", answers->policy);
	if (answers->hunks_all) {
		set_string(root, "hunks", "all");
	} else {
		hunks = json_array();
		for (i = 0; i < answers->nhunks; i++)
			json_array_append_new(hunks,
			    json_string(answers->hunks[i]));
		json_object_set_new(root, "hunks", hunks);
	}
	if (answers->unfinished)
		json_object_set_new(root, "unfinished", json_true());
	return root;
}

int
answers_save(const char *path, const struct answers *answers,
    struct hc_error *err)
{
	char *tmp = NULL;
	char *text = NULL;
	json_malloc_t json_malloc;
	json_free_t json_free;
	json_t *root;
	size_t len;
	int fd = -1;
	int rc = -1;

	root = answers_to_json(answers);
	if (root != NULL)
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL || asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		tmp = NULL;
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		hc_error_set_at(err, HC_ERR_IO, path, 0, 0,
		    "cannot create the answers file: %s", strerror(errno));
		goto out;
	}
	len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
	    fsync(fd) < 0) {
		hc_error_set_at(err, HC_ERR_IO, path, 0, 0,
		    "cannot write the answers file: %s", strerror(errno));
		goto out;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		fd = -1;
		hc_error_set_at(err, HC_ERR_IO, path, 0, 0,
		    "cannot write the answers file: %s", strerror(errno));
		goto out;
	}
	fd = -1;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	if (text != NULL) {
		/* json_dumps() allocates with jansson's allocator. */
		json_get_alloc_funcs(&json_malloc, &json_free);
		json_free(text);
	}
	return rc;
}
