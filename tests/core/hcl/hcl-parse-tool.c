/*
 * hcl-parse-tool: run hubcred's HCL parser over files, for the script
 * tests and the benchmark.
 *
 *   hcl-parse-tool [-c] [-q] [-t] [-T] [-b] [-S] [-l LIST] [FILE...]
 *
 * For each file prints "OK FILE" or "FILE:LINE:COLUMN: message".
 *   -c  also check that the tokens cover the bytes exactly (the gaps
 *       between tokens are spaces, tabs and lone carriage returns only)
 *   -q  print only failures
 *   -t  dump the tokens
 *   -T  dump the tree
 *   -b  print bytes, CPU seconds and MB/s of the parses at the end.
 *       Each file is read first, and only hcl_parse() is timed.
 *   -S  parse every expression by the full descent, without the
 *       parser's shortcuts for common shapes
 *   -l  read more file names, one a line, from LIST ("-" for stdin)
 * Exit status: 0 when every file parsed (and covered), 1 when one did
 * not parse, 2 when coverage failed, 3 on a usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "core/hcl/arena.h"
#include "core/hcl/lex.h"
#include "core/hcl/parse.h"
#include "core/hcl/parser.h"
#include "core/hcl/query.h"

static int opt_cover, opt_quiet, opt_tokens, opt_tree, opt_bench;
static double total_seconds;
static size_t total_bytes, total_tokens, total_arena;

static const char *const expr_names[] = {
	"LITERAL", "TEMPLATE", "HEREDOC", "TRAVERSAL", "CALL", "TUPLE",
	"OBJECT", "FOR", "CONDITIONAL", "BINARY", "UNARY", "PARENS", "INDEX",
	"GETATTR", "SPLAT", "TEMPLATE_IF", "TEMPLATE_FOR",
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether the tokens and whitespace gaps reproduce the bytes. */
static int
covered(const struct hcl_file *f, char *why, size_t size)
{
	size_t pos = f->has_bom ? 3 : 0, i;

	for (i = 0; i < f->ntokens; i++) {
		const struct hcl_token *t = &f->tokens[i];

		if (t->offset < pos) {
			snprintf(why, size, "token %zu overlaps at %u", i,
			    t->offset);
			return 0;
		}
		for (; pos < t->offset; pos++) {
			char c = f->src[pos];

			if (c != ' ' && c != '\t' && c != '\r') {
				snprintf(why, size, "byte 0x%02x at offset %zu "
				    "is in no token", (unsigned char)c, pos);
				return 0;
			}
		}
		pos = (size_t)t->offset + t->length;
	}
	if (pos != f->len || f->tokens[f->ntokens - 1].type != HCL_TOK_EOF) {
		snprintf(why, size, "tokens end at %zu of %zu", pos, f->len);
		return 0;
	}
	return 1;
}

static void
dump_tokens(const struct hcl_file *f)
{
	size_t i, n;
	const char *s;

	for (i = 0; i < f->ntokens; i++) {
		s = hcl_token_text(f, (uint32_t)i, &n);
		printf("%zu %u:%u %s ", i, f->tokens[i].line,
		    f->tokens[i].column,
		    hcl_lex_token_name(f->tokens[i].type));
		for (; n > 0; n--, s++)
			if (*s == '\n')
				fputs("\\n", stdout);
			else if (*s == '\r')
				fputs("\\r", stdout);
			else
				putchar(*s);
		putchar('\n');
	}
}

static void
dump_expr(const struct hcl_file *f, const struct hcl_expr *e, int depth)
{
	size_t i;

	printf("%*s%s %u..%u", depth * 2, "", expr_names[e->type], e->first,
	    e->last);
	if (e->type == HCL_EXPR_TRAVERSAL || e->type == HCL_EXPR_LITERAL) {
		size_t n;
		const char *s = hcl_token_text(f, e->first, &n);

		printf(" %.*s", (int)(hcl_token_end(f, e->last) -
		    f->tokens[e->first].offset), s);
	}
	if (e->expand)
		printf(" expand");
	putchar('\n');
	for (i = 0; i < e->nchildren; i++)
		dump_expr(f, e->children[i], depth + 1);
}

static void
dump_body(const struct hcl_file *f, const struct hcl_body *b, int depth)
{
	size_t i, k, n;
	const char *s;

	for (i = 0; i < b->nitems; i++) {
		const struct hcl_item *it = &b->items[i];

		s = hcl_token_text(f, it->first, &n);
		printf("%*s%s %.*s", depth * 2, "",
		    it->type == HCL_ITEM_BLOCK ? "block" : "attr", (int)n, s);
		if (it->type == HCL_ITEM_ATTRIBUTE) {
			putchar('\n');
			dump_expr(f, it->expr, depth + 1);
			continue;
		}
		for (k = 0; k < it->nlabels; k++) {
			char label[256];

			hcl_block_label(f, it, k, label, sizeof label);
			printf(" [%s]", label);
		}
		putchar('\n');
		dump_body(f, &it->body, depth + 1);
	}
}

/* Read path into a malloc'd buffer. Returns NULL after printing why. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL, *grown;
	size_t cap = 0, got;
	FILE *fp;

	*len = 0;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		perror(path);
		return NULL;
	}
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			grown = realloc(buf, cap);
			if (grown == NULL) {
				perror(path);
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
		}
		got = fread(buf + *len, 1, cap - *len, fp);
		*len += got;
		if (got == 0)
			break;
	}
	if (buf != NULL && ferror(fp)) {
		perror(path);
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

static struct hcl_file *
parse_timed(const char *path, struct hc_error *err)
{
	struct hcl_file *f;
	size_t len;
	char *buf;
	double t0;

	/* Without -b, parse as hubcred does, reading included. */
	if (!opt_bench)
		return hcl_parse_file(path, NULL, err);
	buf = slurp(path, &len);
	if (buf == NULL)
		return NULL;
	t0 = now();
	f = hcl_parse(path, buf, len, err);
	total_seconds += now() - t0;
	free(buf);
	return f;
}

static int
one(const char *path)
{
	struct hcl_file *f;
	struct hc_error err;
	char text[1024];
	int rc = 0;

	hc_error_init(&err);
	f = parse_timed(path, &err);
	if (f == NULL) {
		if (!hc_error_is_set(&err))
			return 3;
		if (err.code != HC_ERR_PARSE) {
			hc_error_format(&err, text, sizeof text);
			printf("%s\n", text);
			return 3;
		}
		printf("%s:%d:%d: %s\n", err.file, err.line, err.column,
		    err.message);
		return 1;
	}
	total_bytes += f->len;
	total_tokens += f->ntokens;
	total_arena += hcl_arena_used(f->arena);
	if (opt_cover && !covered(f, text, sizeof text)) {
		printf("%s: coverage: %s\n", path, text);
		rc = 2;
	} else if (!opt_quiet) {
		printf("OK %s\n", path);
	}
	if (opt_tokens)
		dump_tokens(f);
	if (opt_tree)
		dump_body(f, &f->body, 0);
	hcl_file_free(f);
	return rc;
}

static int
merge(int worst, int rc)
{
	/* Usage/I/O beats coverage beats parse failures. */
	return rc > worst ? rc : worst;
}

static int
from_list(const char *list, int worst)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	fp = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
	if (fp == NULL) {
		perror(list);
		return 3;
	}
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0)
			worst = merge(worst, one(line));
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return worst;
}

int
main(int argc, char **argv)
{
	const char *list = NULL;
	int c, worst = 0, i;

	while ((c = getopt(argc, argv, "bcl:qStT")) != -1) {
		switch (c) {
		case 'b':
			opt_bench = 1;
			break;
		case 'c':
			opt_cover = 1;
			break;
		case 'l':
			list = optarg;
			break;
		case 'q':
			opt_quiet = 1;
			break;
		case 'S':
			hcl_parser_shortcuts = 0;
			break;
		case 't':
			opt_tokens = 1;
			break;
		case 'T':
			opt_tree = 1;
			break;
		default:
			fprintf(stderr, "usage: hcl-parse-tool [-bcqStT] "
			    "[-l LIST] [FILE...]\n");
			return 3;
		}
	}
	/* Read the list after the options, so that -b applies to it. */
	if (list != NULL)
		worst = merge(worst, from_list(list, worst));
	for (i = optind; i < argc; i++)
		worst = merge(worst, one(argv[i]));
	if (opt_bench)
		printf("parsed %zu bytes in %.3f s: %.1f MB/s, %zu tokens, "
		    "%zu bytes of nodes\n", total_bytes, total_seconds,
		    total_seconds > 0 ? (double)total_bytes / 1e6 /
		    total_seconds : 0.0, total_tokens, total_arena);
	return worst;
}
