/*
 * Import the Docker Hub login that `docker login` saved: config.json's
 * "auths", or a docker-credential-* helper.
 *
 * Lookup order as in the docker CLI (cli/config/configfile/file.go,
 * GetCredentialsStore and the file store's hostname fallback); helper
 * protocol as in github.com/docker/docker-credential-helpers
 * (client/client.go).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/dockerhub/dockerconfig.h"
#include "core/log.h"

#define MODULE "dockerhub"
/* config.json is small; anything this large is not one. */
#define CONFIG_MAX (4L * 1024 * 1024)
#define HELPER_OUTPUT_MAX 65536
#define HELPER_STDERR_MAX 2048
#define DEFAULT_HELPER_TIMEOUT_MS 30000L
/* Message helpers print when they have nothing for a server. */
#define HELPER_NOT_FOUND "credentials not found in native keychain"

extern char **environ;

/* Host names that are Docker Hub, as keys of "auths" reduce to them. */
static const char *const hub_hosts[] = {
	"index.docker.io", "docker.io", "registry-1.docker.io",
	"registry.hub.docker.com",
};

void
dockerhub_dockerconfig_login_done(struct dockerhub_dockerconfig_login *login)
{
	if (login == NULL)
		return;
	hc_secret_free(login->secret);
	memset(login, 0, sizeof *login);
}

/* Whether the secret has the prefix of a Docker Hub access token. Older
 * personal access tokens are bare UUIDs, so 0 proves nothing. */
static int
looks_like_token(struct hc_secret *secret)
{
	const char *s = hc_secret_open(secret);
	int yes;

	yes = strncmp(s, "dckr_pat_", 9) == 0 ||
	    strncmp(s, "dckr_oat_", 9) == 0;
	hc_secret_close(secret);
	return yes;
}

/* The docker CLI's ConvertToHostname(): drop the scheme and any path. */
static int
is_hub_key(const char *key)
{
	size_t i, n;

	if (strncmp(key, "https://", 8) == 0)
		key += 8;
	else if (strncmp(key, "http://", 7) == 0)
		key += 7;
	n = strcspn(key, "/");
	for (i = 0; i < sizeof hub_hosts / sizeof hub_hosts[0]; i++) {
		if (strlen(hub_hosts[i]) == n &&
		    strncmp(key, hub_hosts[i], n) == 0)
			return 1;
	}
	return 0;
}

/* $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json. */
static int
config_path(const char *config_dir, char *path, size_t size,
    struct hc_error *err)
{
	const char *dir = config_dir, *home;
	struct passwd *pw;

	if (dir == NULL || *dir == '\0')
		dir = getenv("DOCKER_CONFIG");
	if (dir != NULL && *dir != '\0') {
		if ((size_t)snprintf(path, size, "%s/config.json", dir) >= size)
			goto too_long;
		return 0;
	}
	home = getenv("HOME");
	if (home == NULL || *home == '\0') {
		pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (home == NULL) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "no home directory to look "
		    "for .docker/config.json in");
		hc_error_hint(err, "Set DOCKER_CONFIG to the directory that "
		    "holds config.json.");
		return -1;
	}
	if ((size_t)snprintf(path, size, "%s/.docker/config.json", home) >=
	    size)
		goto too_long;
	return 0;

too_long:
	hc_error_set(err, HC_ERR_INPUT, "the Docker config path is too long");
	return -1;
}

/* Read fd to the end, at most max bytes, into a new guarded secret. */
static struct hc_secret *
read_guarded(int fd, size_t max, struct hc_error *err)
{
	struct hc_secret *secret;
	size_t len = 0;
	ssize_t n;
	char *buf;

	secret = hc_secret_new(max, err);
	if (secret == NULL || hc_secret_reserve(secret, max, err) < 0)
		goto fail;
	buf = hc_secret_open_rw(secret);
	for (;;) {
		n = read(fd, buf + len, max - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (len += (size_t)n) == max)
			break;
	}
	hc_secret_close(secret);
	if (n < 0) {
		hc_error_set(err, HC_ERR_IO, "read failed: %s",
		    strerror(errno));
		goto fail;
	}
	if (hc_secret_set_len(secret, len, err) < 0)
		goto fail;
	return secret;

fail:
	hc_secret_free(secret);
	return NULL;
}

/* Read config.json into guarded memory, because its "auths" contain
 * secrets. */
static struct hc_secret *
load_config(const char *path, struct hc_error *err)
{
	struct hc_secret *text = NULL;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		hc_error_set(err, errno == ENOENT ? HC_ERR_NOT_FOUND :
		    HC_ERR_IO, "%s: %s", path, strerror(errno));
		if (errno == ENOENT)
			hc_error_hint(err, "Run docker login first, or type "
			    "the username and access token.");
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > CONFIG_MAX) {
		hc_error_set(err, HC_ERR_INPUT, "%s: not a Docker config file",
		    path);
		goto out;
	}
	text = read_guarded(fd, (size_t)st.st_size + 1, err);
	if (text == NULL)
		hc_error_prefix(err, "%s", path);

out:
	close(fd);
	return text;
}

/* Parse the text of config.json. jansson's copies of the secrets are
 * wiped when freed. */
static json_t *
parse_config(const char *text, size_t len, const char *path,
    struct hc_error *err)
{
	json_error_t jerr;
	json_t *root;

	root = json_loadb(text, len, 0, &jerr);
	if (root == NULL) {
		hc_error_set_at(err, HC_ERR_PARSE, path, jerr.line, jerr.column,
		    "invalid JSON: %s", jerr.text);
	} else if (!json_is_object(root)) {
		hc_error_set(err, HC_ERR_PARSE, "%s: not a JSON object", path);
		json_decref(root);
		root = NULL;
	}
	return root;
}

/* Split "user:secret" (n bytes, guarded) into out. */
static int
split_auth(const char *plain, size_t n, struct dockerhub_dockerconfig_login
    *out, struct hc_error *err)
{
	const char *colon = memchr(plain, ':', n);
	size_t user_len;

	if (colon == NULL || colon == plain) {
		hc_error_set(err, HC_ERR_PARSE, "the saved login is not "
		    "\"username:secret\"");
		return -1;
	}
	user_len = (size_t)(colon - plain);
	/* Base64 can carry any byte. A NUL would cut the username short
	 * and an empty secret is no login. */
	if (memchr(plain, '\0', n) != NULL || colon + 1 == plain + n) {
		hc_error_set(err, HC_ERR_PARSE, "the saved login is not "
		    "\"username:secret\"");
		return -1;
	}
	if (user_len >= sizeof out->username) {
		hc_error_set(err, HC_ERR_PARSE, "the saved username is too "
		    "long");
		return -1;
	}
	memcpy(out->username, plain, user_len);
	out->username[user_len] = '\0';
	out->secret = hc_secret_new_from(colon + 1, n - user_len - 1, err);
	return out->secret == NULL ? -1 : 0;
}

/* Decode an "auth" value (base64 of "user:secret") into out, through
 * guarded memory only. */
static int
decode_auth(const char *b64, struct dockerhub_dockerconfig_login *out,
    struct hc_error *err)
{
	size_t n = strlen(b64), len = 0;
	struct hc_secret *plain;
	char *buf;
	int rc = -1;

	plain = hc_secret_new(n + 1, err);
	if (plain == NULL || hc_secret_reserve(plain, n + 1, err) < 0)
		goto out;
	buf = hc_secret_open_rw(plain);
	if (sodium_base642bin((unsigned char *)buf, n + 1, b64, n, " \n",
	    &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 &&
	    sodium_base642bin((unsigned char *)buf, n + 1, b64, n, " \n",
	    &len, NULL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0) {
		hc_error_set(err, HC_ERR_PARSE, "the saved login is not "
		    "valid base64");
	} else {
		rc = split_auth(buf, len, out, err);
	}
	hc_secret_close(plain);

out:
	hc_secret_free(plain);
	return rc;
}

/* Fill out from one "auths" entry. */
static int
from_entry(json_t *entry, struct dockerhub_dockerconfig_login *out,
    struct hc_error *err)
{
	const char *auth, *user, *password;

	auth = json_string_value(json_object_get(entry, "auth"));
	user = json_string_value(json_object_get(entry, "username"));
	password = json_string_value(json_object_get(entry, "password"));
	if (auth != NULL && *auth != '\0')
		return decode_auth(auth, out, err);
	if (user != NULL && *user != '\0' && password != NULL &&
	    *password != '\0') {
		snprintf(out->username, sizeof out->username, "%s", user);
		out->secret = hc_secret_new_from(password, strlen(password),
		    err);
		return out->secret == NULL ? -1 : 0;
	}
	if (json_string_value(json_object_get(entry, "identitytoken"))) {
		hc_error_set(err, HC_ERR_UNSUPPORTED, "the saved Docker Hub "
		    "login is an identity token, not a username and access "
		    "token");
		hc_error_hint(err, "Create a personal access token on Docker "
		    "Hub and type it in.");
		return -1;
	}
	hc_error_set(err, HC_ERR_NOT_FOUND, "the Docker Hub entry has no "
	    "saved login");
	return -1;
}

/* Docker Hub's entry of "auths": the exact docker login key first, then
 * any key whose host is Docker Hub's. */
static int
from_auths(json_t *root, const char *path,
    struct dockerhub_dockerconfig_login *out, struct hc_error *err)
{
	json_t *auths = json_object_get(root, "auths"), *entry, *value;
	const char *key;

	entry = json_object_get(auths, DOCKERHUB_DOCKERCONFIG_SERVER);
	json_object_foreach(auths, key, value) {
		if (entry != NULL)
			break;
		if (is_hub_key(key))
			entry = value;
	}
	if (entry == NULL) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "%s has no Docker Hub "
		    "login", path);
		hc_error_hint(err, "Run docker login first, or type the "
		    "username and access token.");
		return -1;
	}
	if (from_entry(entry, out, err) < 0) {
		hc_error_prefix(err, "%s", path);
		return -1;
	}
	snprintf(out->source, sizeof out->source, "%s", path);
	return 0;
}

/* The helper for Docker Hub: credHelpers for its key, else credsStore. */
static const char *
hub_helper(json_t *root)
{
	json_t *helpers = json_object_get(root, "credHelpers");
	const char *name;

	name = json_string_value(json_object_get(helpers,
	    DOCKERHUB_DOCKERCONFIG_SERVER));
	if (name == NULL || *name == '\0')
		name = json_string_value(json_object_get(root, "credsStore"));
	return name != NULL && *name != '\0' ? name : NULL;
}

int
dockerhub_dockerconfig_parse(const char *text, size_t len, const char *path,
    char **helper, struct dockerhub_dockerconfig_login *out,
    struct hc_error *err)
{
	const char *name;
	json_t *root;
	int rc = -1;

	memset(out, 0, sizeof *out);
	*helper = NULL;
	root = parse_config(text, len, path, err);
	if (root == NULL)
		return -1;
	name = hub_helper(root);
	if (name != NULL && (*helper = strdup(name)) == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = from_auths(root, path, out, err);

out:
	if (rc < 0)
		dockerhub_dockerconfig_login_done(out);
	json_decref(root);
	return rc;
}

int
dockerhub_dockerconfig_find(const char *config_dir,
    struct dockerhub_dockerconfig_login *out, struct hc_error *err)
{
	struct dockerhub_dockerconfig_login file;
	struct hc_error helper_err, file_err;
	struct hc_secret *text;
	char path[PATH_MAX], *helper = NULL;
	int rc = -1, file_rc;

	memset(out, 0, sizeof *out);
	hc_error_init(&helper_err);
	hc_error_init(&file_err);
	if (config_path(config_dir, path, sizeof path, err) < 0)
		return -1;
	text = load_config(path, err);
	if (text == NULL)
		return -1;
	file_rc = dockerhub_dockerconfig_parse(hc_secret_open(text),
	    hc_secret_len(text), path, &helper, &file, &file_err);
	hc_secret_close(text);
	hc_secret_free(text);
	if (file_rc < 0 && helper == NULL) {
		/* With no helper to run, the file's result is final. */
		if (err != NULL && !hc_error_is_set(err))
			*err = file_err;
		return -1;
	}
	if (helper != NULL) {
		rc = dockerhub_dockerconfig_run_helper(helper,
		    DOCKERHUB_DOCKERCONFIG_SERVER, 0, out, &helper_err);
		if (rc == 0) {
			dockerhub_dockerconfig_login_done(&file);
			goto out;
		}
		hc_log(HC_LOG_INFO, MODULE, "credential helper %s: %s", helper,
		    helper_err.message);
	}
	/* The CLI would stop at the helper; a login still in the file is
	 * worth offering when the helper has none or cannot run. */
	rc = file_rc;
	if (rc == 0)
		*out = file;
	else if (err != NULL && !hc_error_is_set(err))
		*err = helper_err;

out:
	if (rc == 0) {
		out->is_access_token = looks_like_token(out->secret);
		hc_log(HC_LOG_INFO, MODULE, "saved Docker Hub login of %s from "
		    "%s", out->username, out->source);
	} else {
		dockerhub_dockerconfig_login_done(out);
	}
	free(helper);
	return rc;
}

static int
valid_helper_name(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

	return n > 0 && name[n] == '\0' && n < 64;
}

/* A running helper: its pid and our ends of its standard streams. */
struct helper {
	pid_t pid;
	int in;
	int out;
	int err;
};

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Start program get with stdin a socket (writes to it cannot raise
 * SIGPIPE) and stdout, stderr pipes. */
static int
helper_start(const char *program, struct helper *h, struct hc_error *err)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
	char *argv[] = {(char *)program, (char *)"get", NULL};
	posix_spawn_file_actions_t fa;
	int rc;

	h->pid = -1;
	h->in = h->out = h->err = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0 ||
	    pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		rc = errno;
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[1], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	rc = posix_spawnp(&h->pid, program, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		goto fail;
	close(in[1]);
	close(out[1]);
	close(errp[1]);
	h->in = in[0];
	h->out = out[0];
	h->err = errp[0];
	return 0;

fail:
	if (rc == ENOENT) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "%s is not installed (not "
		    "found on PATH)", program);
		hc_error_hint(err, "Install the credential helper that %s "
		    "names, or type the username and access token.",
		    getenv("DOCKER_CONFIG") != NULL &&
		    getenv("DOCKER_CONFIG")[0] != '\0' ?
		    "$DOCKER_CONFIG/config.json" : "~/.docker/config.json");
	} else {
		hc_error_set(err, HC_ERR_IO, "cannot run %s: %s", program,
		    strerror(rc));
	}
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&errp[0]);
	close_fd(&errp[1]);
	return -1;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read what is ready on *fd into out after *len bytes; past the cap,
 * read and drop, so that the helper does not block on a full pipe.
 * Closes *fd at end of file or on an error. */
static void
read_stdout(int *fd, struct hc_secret *out, size_t *len)
{
	char drop[512], *buf;
	ssize_t n;

	buf = hc_secret_open_rw(out);
	if (*len < hc_secret_size(out))
		n = read(*fd, buf + *len, hc_secret_size(out) - *len);
	else
		n = read(*fd, drop, sizeof drop);
	hc_secret_close(out);
	if (n > 0 && *len < hc_secret_size(out))
		*len += (size_t)n;
	sodium_memzero(drop, sizeof drop);
	if (n == 0 || (n < 0 && errno != EINTR))
		close_fd(fd);
}

/* Append what is ready on *fd to text (NUL-terminated, size bytes),
 * dropping what does not fit. Closes *fd at end of file or on an error. */
static void
read_stderr(int *fd, char *text, size_t size)
{
	size_t used = strlen(text), k;
	char chunk[512];
	ssize_t n;

	n = read(*fd, chunk, sizeof chunk);
	if (n > 0 && used + 1 < size) {
		k = (size_t)n < size - 1 - used ? (size_t)n : size - 1 - used;
		memcpy(text + used, chunk, k);
		text[used + k] = '\0';
	}
	if (n == 0 || (n < 0 && errno != EINTR))
		close_fd(fd);
}

/*
 * Collect the helper's stdout (into guarded memory) and stderr until
 * both close or the deadline passes. Returns 0, or -1 on timeout.
 */
static int
helper_collect(struct helper *h, struct hc_secret *out, char *errbuf,
    size_t errsize, long timeout_ms)
{
	long deadline = now_ms() + timeout_ms, left;
	struct pollfd fds[2];
	size_t out_len = 0;
	int rc = 0;

	while (h->out >= 0 || h->err >= 0) {
		left = deadline - now_ms();
		if (left <= 0) {
			rc = -1;
			break;
		}
		fds[0] = (struct pollfd){h->out, POLLIN, 0};
		fds[1] = (struct pollfd){h->err, POLLIN, 0};
		if (poll(fds, 2, (int)left) < 0 && errno != EINTR) {
			rc = -1;
			break;
		}
		if (fds[0].revents)
			read_stdout(&h->out, out, &out_len);
		if (fds[1].revents)
			read_stderr(&h->err, errbuf, errsize);
	}
	if (hc_secret_set_len(out, out_len, NULL) < 0)
		rc = -1;
	return rc;
}

/* Parse {"ServerURL", "Username", "Secret"} from guarded output. */
static int
parse_helper_output(const char *program, struct hc_secret *output,
    struct dockerhub_dockerconfig_login *out, struct hc_error *err)
{
	const char *user, *secret;
	json_t *root;
	int rc = -1;

	root = json_loadb(hc_secret_open(output), hc_secret_len(output), 0,
	    NULL);
	hc_secret_close(output);
	user = json_string_value(json_object_get(root, "Username"));
	secret = json_string_value(json_object_get(root, "Secret"));
	if (user == NULL || secret == NULL) {
		hc_error_set(err, HC_ERR_IO, "%s get printed no credentials "
		    "in the helper format", program);
		goto out;
	}
	if (strcmp(user, "<token>") == 0) {
		hc_error_set(err, HC_ERR_UNSUPPORTED, "%s holds an identity "
		    "token for Docker Hub, not a username and access token",
		    program);
		hc_error_hint(err, "Create a personal access token on Docker "
		    "Hub and type it in.");
		goto out;
	}
	if (*user == '\0' || *secret == '\0' ||
	    strlen(user) >= sizeof out->username) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "%s has no Docker Hub "
		    "login", program);
		goto out;
	}
	snprintf(out->username, sizeof out->username, "%s", user);
	out->secret = hc_secret_new_from(secret, strlen(secret), err);
	if (out->secret != NULL)
		rc = 0;

out:
	json_decref(root);
	return rc;
}

/* The first line of text, for a message; empty when it may be JSON. */
static void
first_line(const char *text, char *buf, size_t size)
{
	size_t n = strcspn(text, "\r\n");

	if (*text == '{')
		n = 0;
	snprintf(buf, size, "%.*s", (int)(n > 160 ? 160 : n), text);
}

/* Turn a helper's non-zero exit into an error. */
static void
helper_failed(const char *program, int status, struct hc_secret *output,
    const char *stderr_text, struct hc_error *err)
{
	char line[200];

	first_line(hc_secret_open(output), line, sizeof line);
	hc_secret_close(output);
	if (strstr(line, HELPER_NOT_FOUND) != NULL) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "%s has no Docker Hub "
		    "login", program);
		return;
	}
	if (line[0] == '\0')
		first_line(stderr_text, line, sizeof line);
	if (WIFEXITED(status))
		hc_error_set(err, HC_ERR_IO, "%s get failed with exit status "
		    "%d%s%s", program, WEXITSTATUS(status), line[0] ? ": " : "",
		    line);
	else
		hc_error_set(err, HC_ERR_IO, "%s get was killed by signal %d",
		    program, WTERMSIG(status));
}

int
dockerhub_dockerconfig_run_helper(const char *name, const char *server,
    long timeout_ms, struct dockerhub_dockerconfig_login *out,
    struct hc_error *err)
{
	struct hc_secret *output = NULL;
	char program[96], stderr_text[HELPER_STDERR_MAX] = "";
	struct helper h = {-1, -1, -1, -1};
	int status = 0, timed_out, rc = -1;
	long limit;

	memset(out, 0, sizeof *out);
	if (!valid_helper_name(name)) {
		hc_error_set(err, HC_ERR_INPUT, "invalid credential helper "
		    "name \"%s\"", name);
		return -1;
	}
	snprintf(program, sizeof program, "docker-credential-%s", name);
	output = hc_secret_new(HELPER_OUTPUT_MAX, err);
	if (output == NULL ||
	    hc_secret_reserve(output, HELPER_OUTPUT_MAX, err) < 0 ||
	    helper_start(program, &h, err) < 0)
		goto out;

	/* The protocol: the server URL on stdin, then end of file. */
	if (send(h.in, server, strlen(server), MSG_NOSIGNAL) < 0)
		hc_log(HC_LOG_INFO, MODULE, "%s: writing stdin: %s", program,
		    strerror(errno));
	close_fd(&h.in);
	limit = timeout_ms > 0 ? timeout_ms : DEFAULT_HELPER_TIMEOUT_MS;
	timed_out = helper_collect(&h, output, stderr_text,
	    sizeof stderr_text, limit) < 0;
	if (timed_out)
		kill(h.pid, SIGKILL);
	while (waitpid(h.pid, &status, 0) < 0 && errno == EINTR)
		;
	hc_log(HC_LOG_INFO, MODULE, "%s get %s: exit %d", program, server,
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (timed_out) {
		hc_error_set(err, HC_ERR_IO, "%s get timed out after %ld ms",
		    program, limit);
		hc_error_hint(err, "The helper may be waiting for a password "
		    "prompt. Unlock it, or type the username and access "
		    "token.");
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		helper_failed(program, status, output, stderr_text, err);
	} else if (parse_helper_output(program, output, out, err) == 0) {
		snprintf(out->source, sizeof out->source, "%s", program);
		out->from_helper = 1;
		out->is_access_token = looks_like_token(out->secret);
		rc = 0;
	}

out:
	close_fd(&h.in);
	close_fd(&h.out);
	close_fd(&h.err);
	hc_secret_free(output);
	return rc;
}
