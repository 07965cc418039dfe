/*
 * hcl-unicode-tool: print, for every code point from U+0080 up that
 * hubcred's lexer accepts in an identifier, a line "HEX START CONTINUE",
 * as tests/tools/hcl-ident does for HashiCorp's HCL. START is 1 when the
 * character alone lexes as one identifier, CONTINUE is 1 when "a"
 * followed by it does.
 *
 * With the argument "columns" it prints instead, for each line of its
 * standard input, the columns hcl_unicode_columns() counts in it, as
 * "hcl-ident columns" does with go-textseg.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/lex.h"
#include "core/hcl/tree.h"
#include "core/hcl/unicode.h"

/* Whether the n bytes at text lex as a single identifier token. */
static int
one_identifier(const char *text, size_t n)
{
	char buf[8 + HCL_LEX_PAD];
	struct hcl_file file;
	struct hc_error err;
	int ok;

	memset(buf, 0, sizeof buf);
	memcpy(buf, text, n);
	memset(&file, 0, sizeof file);
	file.path = "ident";
	file.src = buf;
	file.len = n;
	hc_error_init(&err);
	if (hcl_lex_file(&file, &err) == -1)
		return 0;
	ok = file.ntokens == 2 && file.tokens[0].type == HCL_TOK_IDENT &&
	     file.tokens[0].length == n;
	free(file.tokens);
	return ok;
}

/* Encode cp as UTF-8 into out; returns the length. */
static size_t
encode(unsigned long cp, char *out)
{
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Print the columns of each line of standard input. */
static int
print_columns(void)
{
	char line[4096];
	size_t n;

	while (fgets(line, sizeof line, stdin) != NULL) {
		n = strcspn(line, "\n");
		printf("%zu\n", hcl_unicode_columns(line, n));
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	unsigned long cp;
	char text[5];
	size_t n;
	int start, cont;

	if (argc > 1 && strcmp(argv[1], "columns") == 0)
		return print_columns();
	for (cp = 0x80; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		text[0] = 'a';
		n = encode(cp, text + 1);
		start = one_identifier(text + 1, n);
		cont = one_identifier(text, n + 1);
		if (start || cont)
			printf("%lX %d %d\n", cp, start, cont);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
