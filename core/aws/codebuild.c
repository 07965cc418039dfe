/*
 * CodeBuild BatchGetProjects. Unknown names come back in projectsNotFound
 * with status 200, not as an error.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetProjects.html
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/aws/codebuild.h"
#include "core/aws/request.h"

#define BATCH_MAX 100

void
aws_codebuild_projects_done(struct aws_codebuild_projects *projects)
{
	struct aws_codebuild_project *p;
	size_t i;

	for (i = 0; i < projects->n; i++) {
		p = &projects->items[i];
		free(p->name);
		free(p->arn);
		free(p->image);
		free(p->image_pull_credentials_type);
		free(p->registry_credential);
		free(p->registry_credential_provider);
		free(p->service_role);
	}
	free(projects->items);
	for (i = 0; i < projects->n_not_found; i++)
		free(projects->not_found[i]);
	free(projects->not_found);
	memset(projects, 0, sizeof(*projects));
}

/* Return a copy of the string member key of obj, or NULL. Set *oom when
 * the member exists but cannot be copied. */
static char *
member(json_t *obj, const char *key, int *oom)
{
	json_t *v = json_object_get(obj, key);
	char *copy;

	if (!json_is_string(v))
		return NULL;
	copy = strdup(json_string_value(v));
	if (copy == NULL)
		*oom = 1;
	return copy;
}

static int
parse_project(json_t *obj, struct aws_codebuild_project *p)
{
	json_t *env = json_object_get(obj, "environment");
	json_t *cred = json_object_get(env, "registryCredential");
	int oom = 0;

	p->name = member(obj, "name", &oom);
	p->arn = member(obj, "arn", &oom);
	p->service_role = member(obj, "serviceRole", &oom);
	p->image = member(env, "image", &oom);
	p->image_pull_credentials_type = member(env,
	    "imagePullCredentialsType", &oom);
	p->registry_credential = member(cred, "credential", &oom);
	p->registry_credential_provider = member(cred, "credentialProvider",
	    &oom);
	return oom ? -1 : 0;
}

/* Append the projects and projectsNotFound of one response to out. */
static int
parse_response(json_t *root, struct aws_codebuild_projects *out)
{
	json_t *projects = json_object_get(root, "projects");
	json_t *missing = json_object_get(root, "projectsNotFound"), *v;
	struct aws_codebuild_project *items;
	char **names;
	size_t i;

	items = realloc(out->items, (out->n + json_array_size(projects)) *
	    sizeof(*items) + 1);
	if (items == NULL)
		return -1;
	out->items = items;
	json_array_foreach(projects, i, v) {
		memset(&out->items[out->n], 0, sizeof(out->items[0]));
		if (parse_project(v, &out->items[out->n++]) < 0)
			return -1;
	}
	names = realloc(out->not_found, (out->n_not_found +
	    json_array_size(missing)) * sizeof(*names) + 1);
	if (names == NULL)
		return -1;
	out->not_found = names;
	json_array_foreach(missing, i, v) {
		if (!json_is_string(v))
			continue;
		names[out->n_not_found] = strdup(json_string_value(v));
		if (names[out->n_not_found++] == NULL)
			return -1;
	}
	return 0;
}

/* Call BatchGetProjects for up to BATCH_MAX names. */
static int
batch(const struct aws_config *cfg, const char *const *names, size_t n,
    struct aws_codebuild_projects *out, struct hc_error *err)
{
	struct aws_request req = {
		.service = AWS_SERVICE_CODEBUILD,
		.operation = "BatchGetProjects",
		.target = "CodeBuild_20161006.BatchGetProjects",
		.resource = names[0],
	};
	json_t *list = json_array(), *root = NULL, *request = NULL;
	struct aws_response resp;
	char *body = NULL, region[64];
	size_t i;
	int rc = -1;

	for (i = 0; list != NULL && i < n; i++)
		json_array_append_new(list, json_string(names[i]));
	if (list != NULL)
		request = json_pack("{s:o}", "names", list);
	if (request != NULL)
		body = json_dumps(request, JSON_COMPACT);
	json_decref(request);
	if (body == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	req.body = body;
	req.body_len = strlen(body);
	req.region = aws_arn_region(names[0], region, sizeof(region));
	if (aws_request_perform(cfg, &req, &resp, err) < 0)
		goto out;
	root = json_loadb(resp.body, resp.len, 0, NULL);
	aws_response_done(&resp);
	if (!json_is_object(root)) {
		hc_error_set(err, HC_ERR_REMOTE, "codebuild BatchGetProjects: "
		    "invalid response");
		goto out;
	}
	if (parse_response(root, out) < 0) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	free(body);
	return rc;
}

int
aws_codebuild_batch_get_projects(const struct aws_config *cfg,
    const char *const *names, size_t n, struct aws_codebuild_projects *out,
    struct hc_error *err)
{
	size_t i, chunk;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i += chunk) {
		chunk = n - i < BATCH_MAX ? n - i : BATCH_MAX;
		if (batch(cfg, names + i, chunk, out, err) < 0)
			return -1;
	}
	return 0;
}

void
aws_codebuild_names_done(struct aws_codebuild_names *names)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		free(names->names[i]);
	free(names->names);
	memset(names, 0, sizeof(*names));
}

/* Append the names of one ListProjects page to out. */
static int
list_page(json_t *root, struct aws_codebuild_names *out)
{
	json_t *projects = json_object_get(root, "projects"), *v;
	char **names;
	size_t i;

	names = realloc(out->names, (out->n + json_array_size(projects) + 1) *
	    sizeof(*names));
	if (names == NULL)
		return -1;
	out->names = names;
	json_array_foreach(projects, i, v) {
		if (!json_is_string(v))
			continue;
		names[out->n] = strdup(json_string_value(v));
		if (names[out->n] == NULL)
			return -1;
		out->n++;
	}
	return 0;
}

int
aws_codebuild_list_projects(const struct aws_config *cfg,
    struct aws_codebuild_names *out, struct hc_error *err)
{
	struct aws_request req = {
		.service = AWS_SERVICE_CODEBUILD,
		.operation = "ListProjects",
		.target = "CodeBuild_20161006.ListProjects",
	};
	struct aws_response resp;
	json_t *request, *root = NULL, *next;
	char *token = NULL, *body = NULL;
	int pages, rc = -1;

	memset(out, 0, sizeof(*out));
	/* Stop after 1000 pages in case a server keeps sending nextToken. */
	for (pages = 0; pages < 1000; pages++) {
		request = token != NULL
		    ? json_pack("{s:s, s:s, s:s}", "sortBy", "NAME",
			"sortOrder", "ASCENDING", "nextToken", token)
		    : json_pack("{s:s, s:s}", "sortBy", "NAME", "sortOrder",
			"ASCENDING");
		body = request != NULL ? json_dumps(request, JSON_COMPACT)
				       : NULL;
		json_decref(request);
		if (body == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			goto out;
		}
		req.body = body;
		req.body_len = strlen(body);
		if (aws_request_perform(cfg, &req, &resp, err) < 0)
			goto out;
		root = json_loadb(resp.body, resp.len, 0, NULL);
		aws_response_done(&resp);
		free(body);
		body = NULL;
		if (!json_is_object(root)) {
			hc_error_set(err, HC_ERR_REMOTE, "codebuild "
			    "ListProjects: invalid response");
			goto out;
		}
		if (list_page(root, out) < 0) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			goto out;
		}
		free(token);
		token = NULL;
		next = json_object_get(root, "nextToken");
		if (json_is_string(next) && json_string_length(next) > 0 &&
		    (token = strdup(json_string_value(next))) == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			goto out;
		}
		json_decref(root);
		root = NULL;
		if (token == NULL) {
			rc = 0;
			goto out;
		}
	}
	hc_error_set(err, HC_ERR_REMOTE, "codebuild ListProjects: more than "
	    "1000 pages");
out:
	json_decref(root);
	free(body);
	free(token);
	if (rc < 0)
		aws_codebuild_names_done(out);
	return rc;
}
