/*
 * Docker Hub credentials saved by `docker login`, offered so the user
 * need not paste them again.
 *
 * Docker keeps them in $DOCKER_CONFIG/config.json (default
 * ~/.docker/config.json): either base64 "user:secret" under "auths", or
 * in a credential helper named by "credHelpers" (per registry) or
 * "credsStore" (all registries), which is the program
 * docker-credential-NAME speaking the docker-credential-helpers protocol:
 * `get` with the server URL on standard input, JSON {"ServerURL",
 * "Username", "Secret"} on standard output.
 * https://docs.docker.com/reference/cli/docker/login/#credential-stores
 *
 * The lookup follows the docker CLI: for Docker Hub the key is
 * "https://index.docker.io/v1/"; a helper configured for it wins over
 * the file. Secrets go straight into guarded memory.
 */
#ifndef HUBCRED_CORE_DOCKERHUB_DOCKERCONFIG_H
#define HUBCRED_CORE_DOCKERHUB_DOCKERCONFIG_H

#include <limits.h>

#include "core/error.h"
#include "core/secret.h"

/* The server URL `docker login` uses for Docker Hub. */
#define DOCKERHUB_DOCKERCONFIG_SERVER "https://index.docker.io/v1/"

struct dockerhub_dockerconfig_login {
	char username[256];
	/* The password or access token; owned, freed by
	 * dockerhub_dockerconfig_login_done(). */
	struct hc_secret *secret;
	/* 1 when the secret has the form of a Docker Hub access token
	 * (dckr_pat_..., dckr_oat_...); 0 when it may be the account
	 * password, which CodeBuild should not be given. */
	int is_access_token;
	/* Where it came from: the config file's path, or the helper
	 * program's name when one was used. */
	char source[PATH_MAX];
	int from_helper;
};

/*
 * Find saved Docker Hub credentials. config_dir NULL means
 * $DOCKER_CONFIG, else $HOME/.docker. Returns 0 with out filled (free
 * with dockerhub_dockerconfig_login_done()). Returns -1 with
 * HC_ERR_NOT_FOUND when there are none (no file, no entry, the helper
 * has none); HC_ERR_PARSE for a malformed file (with its position);
 * HC_ERR_UNSUPPORTED for a login saved as an identity token; HC_ERR_IO
 * when a helper fails or cannot be run.
 */
int dockerhub_dockerconfig_find(const char *config_dir,
    struct dockerhub_dockerconfig_login *out, struct hc_error *err);

/*
 * Parse the text of a config.json without running anything. The text is
 * len bytes and need not end in NUL. path names the file in messages.
 * Sets *helper to a malloc'd copy (caller frees) of the credential helper
 * for Docker Hub ("credHelpers", else "credsStore"), or NULL. Returns 0
 * with out filled from "auths" (free it with
 * dockerhub_dockerconfig_login_done()). Returns -1 with out empty and
 * the errors of dockerhub_dockerconfig_find() for the file and its entry;
 * *helper is then NULL when the text is not a JSON object. Exposed for
 * tests and fuzzing.
 */
int dockerhub_dockerconfig_parse(const char *text, size_t len,
    const char *path, char **helper,
    struct dockerhub_dockerconfig_login *out, struct hc_error *err);

/* Wipe and free what out holds; out may be zeroed or already done. */
void dockerhub_dockerconfig_login_done(
    struct dockerhub_dockerconfig_login *login);

/*
 * Run docker-credential-NAME get for server (found on PATH; name may
 * contain only letters, digits, '.', '_' and '-'). The helper's standard
 * error is captured, not passed to the terminal, and its first line may
 * appear in err. timeout_ms 0 gives 30 s.
 * Returns 0 with out filled, -1 with HC_ERR_NOT_FOUND when the helper
 * has no credentials for server, else HC_ERR_IO or HC_ERR_UNSUPPORTED.
 */
int dockerhub_dockerconfig_run_helper(const char *name, const char *server,
    long timeout_ms, struct dockerhub_dockerconfig_login *out,
    struct hc_error *err);

#endif
