/*
 * HC161: a buildspec that pulls Docker Hub images with docker commands
 * before any docker login. The project's registry_credential covers the
 * build image only; docker inside the build is anonymous unless the
 * buildspec logs in.
 *
 * The buildspec is the source block's buildspec: an inline heredoc or
 * string, or a file below the module's folder (a path, file() or
 * templatefile()). It is read with libyaml; every scalar is split into
 * shell commands in document order, which is the order of the phases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/checks/checks-private.h"
#include "core/dockerhub/image.h"
#include "core/hcl/query.h"

#define BUILDSPEC_MAX (1024 * 1024)
#define WORDS_MAX 64

/* Origin of a buildspec text: the file to report and its first line. */
struct source {
	const char *path;	/* file to report, relative to the root */
	int base;		/* line of the text's first line, minus 1 */
	int exact;		/* 0: report every finding at base + 1 */
};

/* The scan of one buildspec. */
struct scan {
	int login;		/* a docker login to Docker Hub happened */
	int pull_line;		/* first anonymous Docker Hub pull */
	char image[256];
	int build_line;		/* first docker build/compose before login */
};

/* Options of docker run/create/pull that take a value. */
static int
takes_value(const char *opt)
{
	static const char *const opts[] = {
		"-e", "--env", "-v", "--volume", "-w", "--workdir", "-p",
		"--publish", "-u", "--user", "-l", "--label", "-m",
		"--memory", "-h", "--hostname", "--name", "--network",
		"--entrypoint", "--env-file", "--mount", "--platform",
		"--add-host", "--cpus", "--username", "--password", "-H",
		"--host", "--config", "--context", "--log-level", "-c",
		"--workdir", "--cidfile", "--shm-size", "--ulimit",
	};
	size_t i;

	if (strchr(opt, '=') != NULL)
		return 0;
	for (i = 0; i < sizeof opts / sizeof *opts; i++) {
		if (strcmp(opt, opts[i]) == 0)
			return 1;
	}
	return 0;
}

/* Index of the first word from i on that is not an option or an
 * option's value; n when there is none. */
static size_t
positional(char **w, size_t n, size_t i)
{
	while (i < n && w[i][0] == '-') {
		if (takes_value(w[i]))
			i++;
		i++;
	}
	return i;
}

/* A registry name that is Docker Hub's. */
static int
is_docker_hub_server(const char *s)
{
	return strstr(s, "docker.io") != NULL ||
	    strstr(s, "docker.com") != NULL;
}

/* One shell command split into words. */
static void
scan_command(struct scan *s, char **w, size_t n, int line)
{
	size_t i, k;
	const char *sub;

	for (i = 0; i < n; i++) {
		if (strcmp(w[i], "docker") == 0 ||
		    strcmp(w[i], "docker-compose") == 0)
			break;
	}
	if (i == n)
		return;
	if (strcmp(w[i], "docker-compose") == 0) {
		sub = "compose";
	} else {
		i = positional(w, n, i + 1);
		if (i == n)
			return;
		sub = w[i];
		if (strcmp(sub, "image") == 0 && i + 1 < n &&
		    strcmp(w[i + 1], "pull") == 0)
			sub = w[++i];
	}
	if (strcmp(sub, "login") == 0) {
		k = positional(w, n, i + 1);
		if (k == n || is_docker_hub_server(w[k]))
			s->login = 1;
		return;
	}
	if (s->login)
		return;
	if (strcmp(sub, "build") == 0 || strcmp(sub, "buildx") == 0 ||
	    strcmp(sub, "compose") == 0) {
		if (s->build_line == 0)
			s->build_line = line;
		return;
	}
	if (strcmp(sub, "pull") != 0 && strcmp(sub, "run") != 0 &&
	    strcmp(sub, "create") != 0)
		return;
	k = positional(w, n, i + 1);
	if (k == n || strchr(w[k], '$') != NULL || s->pull_line != 0)
		return;
	if (dockerhub_image_classify(w[k]) == DOCKERHUB_IMAGE_DOCKER_HUB) {
		s->pull_line = line;
		snprintf(s->image, sizeof s->image, "%s", w[k]);
	}
}

static int
is_separator(char c)
{
	return c == '&' || c == '|' || c == ';';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Split one line of a scalar at && || ; | and scan each command. */
static void
scan_line(struct scan *s, char *p, int line)
{
	char *words[WORDS_MAX], *word, end;
	size_t n = 0, len;

	while (*p != '\0') {
		if (is_blank(*p)) {
			p++;
			continue;
		}
		if (is_separator(*p)) {
			scan_command(s, words, n, line);
			n = 0;
			p++;
			continue;
		}
		word = p;
		while (*p != '\0' && !is_blank(*p) && !is_separator(*p))
			p++;
		end = *p;
		*p = '\0';
		len = (size_t)(p - word);
		if ((word[0] == '"' || word[0] == '\'') && len > 1) {
			word++;
			len--;
			if (word[len - 1] == '"' || word[len - 1] == '\'')
				word[len - 1] = '\0';
		}
		if (n < WORDS_MAX)
			words[n++] = word;
		if (end == '\0')
			break;
		if (is_separator(end)) {
			scan_command(s, words, n, line);
			n = 0;
		}
		p++;
	}
	scan_command(s, words, n, line);
}

/*
 * End the shell line at p, joining lines that end with a backslash, and
 * return the next one (NULL at the end). *joined counts the lines
 * joined.
 */
static char *
next_line(char *p, int *joined)
{
	char *nl;

	*joined = 0;
	for (;;) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			return NULL;
		if (nl > p && nl[-1] == '\\') {
			nl[-1] = ' ';
			*nl = ' ';
			(*joined)++;
			p = nl + 1;
			continue;
		}
		*nl = '\0';
		return nl + 1;
	}
}

/* Scan every scalar of the YAML text; -1 when it does not parse. */
static int
scan_yaml(struct scan *s, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0, rc = 0, line, block, skipped;
	char *copy, *p, *nl;

	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			rc = -1;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		if (event.type == YAML_SCALAR_EVENT &&
		    (copy = strndup((const char *)event.data.scalar.value,
		    event.data.scalar.length)) != NULL) {
			block = event.data.scalar.style ==
			    YAML_LITERAL_SCALAR_STYLE ||
			    event.data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
			line = (int)event.start_mark.line + 1 + block;
			for (p = copy; p != NULL; p = nl, line += block) {
				nl = next_line(p, &skipped);
				scan_line(s, p, line);
				line += block * skipped;
			}
			free(copy);
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	return rc;
}

static void
report(struct checks_ctx *ctx, const struct tf_project *p,
    const struct source *src, const struct scan *s)
{
	struct checks_finding *f;
	int line;

	if (s->pull_line != 0) {
		line = src->exact ? src->base + s->pull_line : src->base + 1;
		checks_add_at(ctx, CHECKS_HC161, p->address, src->path, line,
		    "toomanyrequests: You have reached your unauthenticated "
		    "pull rate limit", "The buildspec of %s pulls %s from "
		    "Docker Hub before any docker login, so the pull is "
		    "anonymous and rate limited; the project's "
		    "registry_credential only covers its build image. Fix: "
		    "read the username and token from Secrets Manager (env: "
		    "secrets-manager:) and run docker login before it.",
		    p->address, s->image);
		return;
	}
	if (s->build_line == 0)
		return;
	line = src->exact ? src->base + s->build_line : src->base + 1;
	f = checks_add_at(ctx, CHECKS_HC161, p->address, src->path, line,
	    NULL, "The buildspec of %s runs docker build or compose before "
	    "any docker login: the images they pull from Docker Hub are "
	    "pulled anonymously. Fix: if they come from Docker Hub, run "
	    "docker login with the credentials from Secrets Manager first.",
	    p->address);
	if (f != NULL)
		f->severity = CHECKS_INFO;
}

/* A buildspec in a file below the module: read and scan it. */
static void
scan_file(struct checks_ctx *ctx, const struct tf_project *p,
    const char *rel)
{
	const char *dir = ctx->root->modules[p->module].dir;
	struct source src = { NULL, 0, 1 };
	struct scan s;
	char path[4096], shown[1024], *text;
	size_t len;
	FILE *fp;

	if (strstr(rel, "..") != NULL || rel[0] == '/')
		return;
	if (strcmp(dir, ".") == 0)
		snprintf(shown, sizeof shown, "%.1000s", rel);
	else
		snprintf(shown, sizeof shown, "%.500s/%.500s", dir, rel);
	snprintf(path, sizeof path, "%s/%s", ctx->root->dir, shown);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return;
	text = malloc(BUILDSPEC_MAX);
	len = text != NULL ? fread(text, 1, BUILDSPEC_MAX, fp) : 0;
	fclose(fp);
	memset(&s, 0, sizeof s);
	src.path = shown;
	if (text != NULL && scan_yaml(&s, text, len) == 0)
		report(ctx, p, &src, &s);
	free(text);
}

/* The path in a buildspec value that names a file, or -1. */
static int
file_path(const struct hcl_file *hcl, const struct hcl_expr *e, char *buf,
    size_t size)
{
	char ref[64];
	size_t len;
	const char *t;

	if (e->type == HCL_EXPR_CALL && e->nchildren >= 1 &&
	    (hcl_token_is(hcl, e->name_token, "file") ||
	    hcl_token_is(hcl, e->name_token, "templatefile")))
		e = e->children[0];
	if (hcl_expr_string(hcl, e, buf, size) >= 0)
		return 0;
	/* "${path.module}/buildspec.yml" */
	if (e->type != HCL_EXPR_TEMPLATE || e->nchildren != 2 ||
	    hcl_expr_reference(hcl, e->children[0], ref, sizeof ref) < 0 ||
	    strncmp(ref, "path.", 5) != 0 ||
	    e->children[1]->type != HCL_EXPR_LITERAL)
		return -1;
	t = hcl_token_text(hcl, e->children[1]->first, &len);
	if (len < 2 || t[0] != '/')
		return -1;
	snprintf(buf, size, "%.*s", (int)(len - 1), t + 1);
	return 0;
}

static void
scan_attribute(struct checks_ctx *ctx, const struct tf_project *p,
    const struct hcl_item *attr)
{
	const struct hcl_file *hcl = ctx->root->files[p->file].hcl;
	const struct hcl_expr *e = attr->expr;
	struct source src = { ctx->root->files[p->file].path, 0, 1 };
	struct scan s;
	char value[4096];
	uint32_t a, b;

	memset(&s, 0, sizeof s);
	if (e->type == HCL_EXPR_HEREDOC) {
		a = hcl_token_end(hcl, e->first);
		b = hcl->tokens[e->last].offset;
		src.base = (int)hcl->tokens[e->first].line;
		if (b > a && scan_yaml(&s, hcl->src + a, b - a) == 0)
			report(ctx, p, &src, &s);
		return;
	}
	if (file_path(hcl, e, value, sizeof value) < 0)
		return;
	if (strchr(value, '\n') != NULL) {
		src.base = checks_line(hcl, attr->first) - 1;
		src.exact = 0;
		if (scan_yaml(&s, value, strlen(value)) == 0)
			report(ctx, p, &src, &s);
		return;
	}
	scan_file(ctx, p, value);
}

void
checks_buildspec_project(struct checks_ctx *ctx, const struct tf_project *p)
{
	const struct hcl_file *hcl;
	const struct hcl_item *source, *attr;
	size_t cursor = 0;

	if (p->item == NULL)
		return;
	hcl = ctx->root->files[p->file].hcl;
	while ((source = hcl_body_next_block(hcl, &p->item->body, &cursor,
	    "source", NULL, 0)) != NULL) {
		attr = hcl_body_attribute(hcl, &source->body, "buildspec");
		if (attr != NULL)
			scan_attribute(ctx, p, attr);
	}
}
