/*
 * The HCL native-syntax tokenizer.
 *
 * One pass over the bytes with a small stack of modes: expression mode
 * (top level, inside a brace, inside ${ } or %{ }), quoted template mode
 * and heredoc mode. Whitespace produces no token; positions are computed
 * as we go from the offset of the current line's first byte.
 *
 * The rules follow HashiCorp's scan_tokens.rl (hclsyntax) so that the
 * same files are accepted: see
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/hcl/unicode.h"
#include "core/hcl/lex.h"

enum lex_mode {
	MODE_BRACE,		/* an expression-mode "{" */
	MODE_INTERP,		/* "${" or "%{", closed by "}" */
	MODE_QUOTE,		/* inside "..." */
	MODE_HEREDOC,		/* inside <<EOF ... EOF */
};

struct lex_frame {
	enum lex_mode mode;
	int line_start;		/* heredoc: next literal starts a line */
	uint32_t marker;	/* heredoc: offset and length of the marker */
	uint32_t marker_len;
};

struct lexer {
	struct hcl_file *file;
	const unsigned char *s;
	size_t len;
	size_t pos;
	uint32_t line;
	size_t line_start;	/* offset of the current line's first byte */
	size_t ncrlf;
	size_t nlf;

	struct hcl_token *toks;
	size_t ntoks;
	size_t cap;

	size_t depth;
	struct hc_error *err;

	/* Last, so that only the fields above need clearing: push()
	 * sets each frame as it is used. */
	struct lex_frame stack[HCL_MAX_DEPTH];
};

/* Character classes for the expression-mode fast paths. */
enum {
	C_ID_START = 1,
	C_ID_CONT = 2,
	C_DIGIT = 4,
	C_SPACE = 8,
	C_QUOTED_SPECIAL = 16,	/* ends a run of plain template text */
};

static uint8_t char_class[256];

/* The scan parses files on several threads, so the tables are filled
 * once under pthread_once(). */
static pthread_once_t char_class_once = PTHREAD_ONCE_INIT;

static void single_type_init(void);

static void
char_class_init(void)
{
	int c;

	for (c = 'a'; c <= 'z'; c++)
		char_class[c] = C_ID_START | C_ID_CONT;
	for (c = 'A'; c <= 'Z'; c++)
		char_class[c] = C_ID_START | C_ID_CONT;
	for (c = '0'; c <= '9'; c++)
		char_class[c] = C_ID_CONT | C_DIGIT;
	char_class['_'] = C_ID_START | C_ID_CONT;
	char_class['-'] = C_ID_CONT;
	char_class[' '] = C_SPACE;
	char_class['\t'] = C_SPACE;
	for (c = 0x80; c <= 0xff; c++)
		char_class[c] = C_QUOTED_SPECIAL;
	char_class['\0'] = C_QUOTED_SPECIAL;
	char_class['"'] = C_QUOTED_SPECIAL;
	char_class['\n'] = C_QUOTED_SPECIAL;
	char_class['\r'] = C_QUOTED_SPECIAL;
	char_class['\\'] = C_QUOTED_SPECIAL;
	char_class['$'] = C_QUOTED_SPECIAL;
	char_class['%'] = C_QUOTED_SPECIAL;
	single_type_init();
}

static const char *const token_names[] = {
	[HCL_TOK_EOF] = "end of file",
	[HCL_TOK_NEWLINE] = "newline",
	[HCL_TOK_COMMENT] = "comment",
	[HCL_TOK_IDENT] = "identifier",
	[HCL_TOK_NUMBER] = "number",
	[HCL_TOK_OQUOTE] = "opening quote",
	[HCL_TOK_CQUOTE] = "closing quote",
	[HCL_TOK_QUOTED_LIT] = "string text",
	[HCL_TOK_OHEREDOC] = "heredoc",
	[HCL_TOK_CHEREDOC] = "heredoc end marker",
	[HCL_TOK_STRING_LIT] = "heredoc text",
	[HCL_TOK_TEMPLATE_INTERP] = "\"${\"",
	[HCL_TOK_TEMPLATE_CONTROL] = "\"%{\"",
	[HCL_TOK_TEMPLATE_SEQ_END] = "end of template sequence",
	[HCL_TOK_LBRACE] = "\"{\"",
	[HCL_TOK_RBRACE] = "\"}\"",
	[HCL_TOK_LBRACK] = "\"[\"",
	[HCL_TOK_RBRACK] = "\"]\"",
	[HCL_TOK_LPAREN] = "\"(\"",
	[HCL_TOK_RPAREN] = "\")\"",
	[HCL_TOK_COMMA] = "\",\"",
	[HCL_TOK_DOT] = "\".\"",
	[HCL_TOK_ELLIPSIS] = "\"...\"",
	[HCL_TOK_EQUAL] = "\"=\"",
	[HCL_TOK_COLON] = "\":\"",
	[HCL_TOK_QUESTION] = "\"?\"",
	[HCL_TOK_FAT_ARROW] = "\"=>\"",
	[HCL_TOK_PLUS] = "\"+\"",
	[HCL_TOK_MINUS] = "\"-\"",
	[HCL_TOK_STAR] = "\"*\"",
	[HCL_TOK_SLASH] = "\"/\"",
	[HCL_TOK_PERCENT] = "\"%\"",
	[HCL_TOK_AND] = "\"&&\"",
	[HCL_TOK_OR] = "\"||\"",
	[HCL_TOK_BANG] = "\"!\"",
	[HCL_TOK_EQUAL_OP] = "\"==\"",
	[HCL_TOK_NOT_EQUAL] = "\"!=\"",
	[HCL_TOK_LESS] = "\"<\"",
	[HCL_TOK_LESS_EQUAL] = "\"<=\"",
	[HCL_TOK_GREATER] = "\">\"",
	[HCL_TOK_GREATER_EQUAL] = "\">=\"",
	[HCL_TOK_INVALID] = "invalid character",
};

const char *
hcl_lex_token_name(enum hcl_token_type type)
{
	if ((size_t)type >= sizeof token_names / sizeof token_names[0] ||
	    token_names[type] == NULL)
		return "token";
	return token_names[type];
}

/* Report a mistake at byte off, which is on the current line. */
static int __attribute__((cold))
lex_error(struct lexer *lx, size_t off, const char *message)
{
	hc_error_set_at(lx->err, HC_ERR_PARSE, lx->file->path,
	    (int)lx->line, (int)(off - lx->line_start + 1), "%s", message);
	return -1;
}

static int
emit(struct lexer *lx, enum hcl_token_type type, size_t start, size_t end)
{
	struct hcl_token *tok;

	if (lx->ntoks == lx->cap) {
		struct hcl_token *grown;
		size_t cap;

		cap = lx->cap * 2;
		grown = realloc(lx->toks, cap * sizeof *grown);
		if (grown == NULL) {
			hc_error_set(lx->err, HC_ERR_NOMEM,
			    "out of memory reading %s", lx->file->path);
			return -1;
		}
		lx->toks = grown;
		lx->cap = cap;
	}
	tok = &lx->toks[lx->ntoks++];
	tok->type = type;
	tok->offset = (uint32_t)start;
	tok->length = (uint32_t)(end - start);
	tok->line = lx->line;
	tok->column = (uint32_t)(start - lx->line_start + 1);
	return 0;
}

/* Account for the newlines in s[from..to), after emitting a token that
 * spans them. */
static void
count_lines(struct lexer *lx, size_t from, size_t to)
{
	const unsigned char *p, *end;

	p = lx->s + from;
	end = lx->s + to;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		lx->line++;
		lx->line_start = (size_t)(p - lx->s);
	}
}

/* After the newline that ends at offset end (exclusive). */
static void
new_line(struct lexer *lx, size_t end, int crlf)
{
	lx->line++;
	lx->line_start = end;
	if (crlf)
		lx->ncrlf++;
	else
		lx->nlf++;
}

static int
push(struct lexer *lx, enum lex_mode mode, size_t off)
{
	struct lex_frame *frame;

	if (lx->depth == HCL_MAX_DEPTH)
		return lex_error(lx, off, "Nesting too deep: more than 1000 "
		    "levels of braces and templates");
	frame = &lx->stack[lx->depth++];
	memset(frame, 0, sizeof *frame);
	frame->mode = mode;
	return 0;
}

/*
 * Length of the UTF-8 sequence at p (at most n bytes available), judged
 * by structure only as HCL does, or 0 when it is broken.
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t want, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc0 && p[0] <= 0xdf)
		want = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		want = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf7)
		want = 4;
	else
		return 0;
	if (want > n)
		return 0;
	for (i = 1; i < want; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return want;
}

/*
 * The code point of the n-byte UTF-8 sequence at p (structure already
 * checked by utf8_len), or 0 for an overlong form, a surrogate or a
 * value past U+10FFFF, none of which HCL takes as a letter.
 */
static uint32_t
utf8_decode(const unsigned char *p, size_t n)
{
	static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
	uint32_t cp;
	size_t i;

	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	if (cp < least[n] || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp > 0x10ffff)
		return 0;
	return cp;
}

/* Bytes of the identifier character at pos, or 0 when there is none. */
static size_t
ident_char(const struct lexer *lx, size_t pos, int start)
{
	unsigned char c;
	size_t n;

	c = lx->s[pos];
	if (c < 0x80)
		return (char_class[c] & (start ? C_ID_START : C_ID_CONT)) ?
		    1 : 0;
	n = utf8_len(lx->s + pos, lx->len - pos);
	if (n == 0 || !hcl_ident_char(utf8_decode(lx->s + pos, n), start))
		return 0;
	return n;
}

static size_t
scan_ident(const struct lexer *lx, size_t pos)
{
	size_t n;

	while (pos < lx->len) {
		if (lx->s[pos] < 0x80) {
			if (!(char_class[lx->s[pos]] & C_ID_CONT))
				break;
			pos++;
			continue;
		}
		n = ident_char(lx, pos, 0);
		if (n == 0)
			break;
		pos += n;
	}
	return pos;
}

/*
 * A number is a digit followed by digits, dots and exponents, not ending
 * in a dot: "1.5", "1e-3", and also "1.2.3", which the parser rejects.
 */
static size_t
scan_number(const struct lexer *lx, size_t pos)
{
	const unsigned char *s = lx->s;
	size_t end;

	end = ++pos;
	while (pos < lx->len) {
		if (char_class[s[pos]] & C_DIGIT) {
			end = ++pos;
		} else if (s[pos] == '.') {
			pos++;
		} else if (s[pos] == 'e' || s[pos] == 'E') {
			size_t q = pos + 1;

			if (q < lx->len && (s[q] == '+' || s[q] == '-'))
				q++;
			if (q >= lx->len || !(char_class[s[q]] & C_DIGIT))
				break;
			end = pos = q + 1;
		} else {
			break;
		}
	}
	return end;
}

/* "<<EOF" or "<<-EOF" followed by a newline: returns the end of the
 * token (after the newline) or 0 when this is not a heredoc. */
static size_t
scan_heredoc_open(const struct lexer *lx, size_t pos, size_t *marker,
    size_t *marker_len)
{
	size_t p, start;

	p = pos + 2;
	if (p < lx->len && lx->s[p] == '-')
		p++;
	if (p >= lx->len || ident_char(lx, p, 1) == 0)
		return 0;
	start = p;
	p = scan_ident(lx, p + ident_char(lx, p, 1));
	*marker = start;
	*marker_len = p - start;
	if (p < lx->len && lx->s[p] == '\n')
		return p + 1;
	if (p + 1 < lx->len && lx->s[p] == '\r' && lx->s[p + 1] == '\n')
		return p + 2;
	return 0;
}

static int
lex_comment(struct lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t start, p;

	start = lx->pos;
	if (s[start] == '/' && s[start + 1] == '*') {
		const unsigned char *q = s + start + 2;
		const unsigned char *end = s + lx->len;

		for (;;) {
			q = memchr(q, '*', (size_t)(end - q));
			if (q == NULL || q + 1 >= end)
				return lex_error(lx, start, "Unterminated "
				    "comment: there is no \"*/\" closing the "
				    "comment that starts here");
			if (q[1] == '/')
				break;
			q++;
		}
		p = (size_t)(q - s) + 2;
		if (emit(lx, HCL_TOK_COMMENT, start, p) == -1)
			return -1;
		count_lines(lx, start, p);
		lx->pos = p;
		return 0;
	}
	/* Line comment: up to the newline, which is a token of its own. */
	{
		const unsigned char *nl;

		nl = memchr(s + start, '\n', lx->len - start);
		p = nl ? (size_t)(nl - s) : lx->len;
		if (nl != NULL && p > start && s[p - 1] == '\r')
			p--;
	}
	lx->pos = p;
	return emit(lx, HCL_TOK_COMMENT, start, p);
}

static int
lex_close_brace(struct lexer *lx, size_t start, size_t end)
{
	enum lex_mode top;

	top = lx->depth ? lx->stack[lx->depth - 1].mode : MODE_BRACE;
	lx->pos = end;
	if (top == MODE_INTERP) {
		lx->depth--;
		return emit(lx, HCL_TOK_TEMPLATE_SEQ_END, start, end);
	}
	if (lx->depth)
		lx->depth--;
	/* "~}" closing a plain brace is a template end in the wrong place:
	 * keep its type so the parser reports it. */
	return emit(lx, end - start == 2 ? HCL_TOK_TEMPLATE_SEQ_END :
	    HCL_TOK_RBRACE, start, end);
}

/* Characters that are not part of the language. */
static int
lex_invalid(struct lexer *lx, size_t pos)
{
	const unsigned char *s = lx->s + pos;
	size_t n;

	switch (*s) {
	case '&':
	case '|':
	case '^':
	case '~':
		return lex_error(lx, pos, "Unsupported operator: bitwise "
		    "operators are not supported");
	case ';':
		return lex_error(lx, pos, "Invalid character: the \";\" "
		    "character is not valid; use newlines to separate "
		    "arguments and blocks, and commas to separate items in "
		    "collection values");
	case '\'':
		return lex_error(lx, pos, "Invalid character: single quotes "
		    "are not valid; use double quotes (\") to enclose "
		    "strings");
	case '`':
		return lex_error(lx, pos, "Invalid character: the \"`\" "
		    "character is not valid; to create a multi-line string, "
		    "use the heredoc syntax, like \"<<EOT\"");
	default:
		break;
	}
	n = utf8_len(s, lx->len - pos);
	if (n == 0)
		return lex_error(lx, pos, "Invalid character encoding: all "
		    "input files must be UTF-8 encoded");
	if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0x9c || s[2] == 0x9d))
		return lex_error(lx, pos, "Invalid character: \"curly "
		    "quotes\" are not valid here; use a straight quote (\")");
	return lex_error(lx, pos, "Invalid character: this character is "
	    "not used within the language");
}

/* Two-byte operators, or the one-byte token when the second byte does
 * not follow. */
static int
lex_pair(struct lexer *lx, char second, enum hcl_token_type two,
    enum hcl_token_type one)
{
	size_t start = lx->pos;

	if (start + 1 < lx->len && lx->s[start + 1] == (unsigned char)second) {
		lx->pos += 2;
		return emit(lx, two, start, start + 2);
	}
	lx->pos++;
	return emit(lx, one, start, start + 1);
}

static int
lex_heredoc_open(struct lexer *lx)
{
	struct lex_frame *frame;
	size_t start, end, marker, marker_len;

	start = lx->pos;
	end = scan_heredoc_open(lx, start, &marker, &marker_len);
	if (end == 0)
		return lex_pair(lx, '=', HCL_TOK_LESS_EQUAL, HCL_TOK_LESS);
	if (emit(lx, HCL_TOK_OHEREDOC, start, end) == -1)
		return -1;
	if (push(lx, MODE_HEREDOC, start) == -1)
		return -1;
	frame = &lx->stack[lx->depth - 1];
	frame->marker = (uint32_t)marker;
	frame->marker_len = (uint32_t)marker_len;
	frame->line_start = 1;
	new_line(lx, end, lx->s[end - 2] == '\r');
	lx->pos = end;
	return 0;
}

static int
lex_simple(struct lexer *lx, enum hcl_token_type type)
{
	size_t start = lx->pos++;

	return emit(lx, type, start, start + 1);
}

/* One token (or a run of whitespace) in expression mode. */
static int
lex_main(struct lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t start = lx->pos;
	unsigned char c = s[start];
	size_t end;

	if (char_class[c] & C_SPACE) {
		while (lx->pos < lx->len && (char_class[s[lx->pos]] & C_SPACE))
			lx->pos++;
		return 0;
	}
	if (char_class[c] & C_ID_START) {
		lx->pos = scan_ident(lx, start + 1);
		return emit(lx, HCL_TOK_IDENT, start, lx->pos);
	}
	if (char_class[c] & C_DIGIT) {
		lx->pos = scan_number(lx, start);
		return emit(lx, HCL_TOK_NUMBER, start, lx->pos);
	}
	switch (c) {
	case '\n':
		lx->pos++;
		if (emit(lx, HCL_TOK_NEWLINE, start, start + 1) == -1)
			return -1;
		new_line(lx, start + 1, 0);
		return 0;
	case '\r':
		if (start + 1 < lx->len && s[start + 1] == '\n') {
			lx->pos += 2;
			if (emit(lx, HCL_TOK_NEWLINE, start, start + 2) == -1)
				return -1;
			new_line(lx, start + 2, 1);
			return 0;
		}
		return lex_invalid(lx, start);
	case '"':
		lx->pos++;
		if (emit(lx, HCL_TOK_OQUOTE, start, start + 1) == -1)
			return -1;
		return push(lx, MODE_QUOTE, start);
	case '{':
		lx->pos++;
		if (emit(lx, HCL_TOK_LBRACE, start, start + 1) == -1)
			return -1;
		return push(lx, MODE_BRACE, start);
	case '}':
		return lex_close_brace(lx, start, start + 1);
	case '~':
		if (start + 1 < lx->len && s[start + 1] == '}')
			return lex_close_brace(lx, start, start + 2);
		return lex_invalid(lx, start);
	case '#':
		return lex_comment(lx);
	case '/':
		if (start + 1 < lx->len && (s[start + 1] == '/' ||
		    s[start + 1] == '*'))
			return lex_comment(lx);
		return lex_simple(lx, HCL_TOK_SLASH);
	case '<':
		if (start + 1 < lx->len && s[start + 1] == '<')
			return lex_heredoc_open(lx);
		return lex_pair(lx, '=', HCL_TOK_LESS_EQUAL, HCL_TOK_LESS);
	case '>':
		return lex_pair(lx, '=', HCL_TOK_GREATER_EQUAL,
		    HCL_TOK_GREATER);
	case '!':
		return lex_pair(lx, '=', HCL_TOK_NOT_EQUAL, HCL_TOK_BANG);
	case '=':
		if (start + 1 < lx->len && s[start + 1] == '>') {
			lx->pos += 2;
			return emit(lx, HCL_TOK_FAT_ARROW, start, start + 2);
		}
		return lex_pair(lx, '=', HCL_TOK_EQUAL_OP, HCL_TOK_EQUAL);
	case '&':
		if (start + 1 < lx->len && s[start + 1] == '&') {
			lx->pos += 2;
			return emit(lx, HCL_TOK_AND, start, start + 2);
		}
		return lex_invalid(lx, start);
	case '|':
		if (start + 1 < lx->len && s[start + 1] == '|') {
			lx->pos += 2;
			return emit(lx, HCL_TOK_OR, start, start + 2);
		}
		return lex_invalid(lx, start);
	case '.':
		if (start + 2 < lx->len && s[start + 1] == '.' &&
		    s[start + 2] == '.') {
			lx->pos += 3;
			return emit(lx, HCL_TOK_ELLIPSIS, start, start + 3);
		}
		return lex_simple(lx, HCL_TOK_DOT);
	case '[':
		return lex_simple(lx, HCL_TOK_LBRACK);
	case ']':
		return lex_simple(lx, HCL_TOK_RBRACK);
	case '(':
		return lex_simple(lx, HCL_TOK_LPAREN);
	case ')':
		return lex_simple(lx, HCL_TOK_RPAREN);
	case ',':
		return lex_simple(lx, HCL_TOK_COMMA);
	case ':':
		return lex_simple(lx, HCL_TOK_COLON);
	case '?':
		return lex_simple(lx, HCL_TOK_QUESTION);
	case '+':
		return lex_simple(lx, HCL_TOK_PLUS);
	case '-':
		return lex_simple(lx, HCL_TOK_MINUS);
	case '*':
		return lex_simple(lx, HCL_TOK_STAR);
	case '%':
		return lex_simple(lx, HCL_TOK_PERCENT);
	default:
		break;
	}
	end = ident_char(lx, start, 1);
	if (end != 0) {
		lx->pos = scan_ident(lx, start + end);
		return emit(lx, HCL_TOK_IDENT, start, lx->pos);
	}
	return lex_invalid(lx, start);
}

/* Tokens of one byte that never start a longer token in expression mode. */
static uint8_t single_type[256];

static void
single_type_init(void)
{
	single_type['['] = HCL_TOK_LBRACK;
	single_type[']'] = HCL_TOK_RBRACK;
	single_type['('] = HCL_TOK_LPAREN;
	single_type[')'] = HCL_TOK_RPAREN;
	single_type[','] = HCL_TOK_COMMA;
	single_type[':'] = HCL_TOK_COLON;
	single_type['?'] = HCL_TOK_QUESTION;
	single_type['+'] = HCL_TOK_PLUS;
	single_type['-'] = HCL_TOK_MINUS;
	single_type['*'] = HCL_TOK_STAR;
	single_type['%'] = HCL_TOK_PERCENT;
}

/*
 * Set *end to the end of a run of ASCII identifier bytes (letters,
 * digits, "_" and "-") from pos, and return the position after one space
 * that follows it, the usual separator. Names in Terraform are often
 * longer than eight bytes, so with SSE2 they are matched 16 bytes at a
 * time. The space test reuses the vector that found the end, so the
 * next token's position does not wait for another load of the byte.
 * The HCL_LEX_PAD zero bytes after the source end any run and keep the
 * loads inside the buffer.
 */
static inline size_t
skip_ident_space(const unsigned char *s, size_t pos, size_t *end)
{
#ifdef __SSE2__
	const __m128i case_bit = _mm_set1_epi8(0x20);
	const __m128i before_a = _mm_set1_epi8('a' - 1);
	const __m128i after_z = _mm_set1_epi8('z' + 1);
	const __m128i before_0 = _mm_set1_epi8('0' - 1);
	const __m128i after_9 = _mm_set1_epi8('9' + 1);
	const __m128i underscore = _mm_set1_epi8('_');
	const __m128i dash = _mm_set1_epi8('-');
	const __m128i space = _mm_set1_epi8(' ');
	unsigned int mask, spaces, n;

	for (;;) {
		__m128i v, lower, ok;

		v = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
		/* Bytes from 0x80 are negative here, so they are in no
		 * range and end the run for the slow path to decode. */
		lower = _mm_or_si128(v, case_bit);
		ok = _mm_and_si128(_mm_cmpgt_epi8(lower, before_a),
		    _mm_cmplt_epi8(lower, after_z));
		ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(v, before_0),
		    _mm_cmplt_epi8(v, after_9)));
		ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, underscore));
		ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, dash));
		mask = (unsigned int)_mm_movemask_epi8(ok) ^ 0xffffu;
		spaces = (unsigned int)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, space));
		if (mask != 0)
			break;
		pos += 16;
	}
	n = (unsigned int)__builtin_ctz(mask);
	*end = pos + n;
	return pos + n + ((spaces >> n) & 1);
#else
	while (char_class[s[pos]] & C_ID_CONT)
		pos++;
	*end = pos;
	return pos + (s[pos] == ' ');
#endif
}

/*
 * Return the first byte from p that ends a run of plain template text
 * (one of the C_QUOTED_SPECIAL bytes), looking at 16 bytes at a time
 * with SSE2. The NUL after the source ends the run at the latest.
 */
static inline const unsigned char *
skip_plain_text(const unsigned char *p)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i dollar = _mm_set1_epi8('$');
	const __m128i percent = _mm_set1_epi8('%');
	const __m128i below_space = _mm_set1_epi8(' ');
	unsigned int mask;

	for (;;) {
		__m128i v, stop;

		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Control bytes (NUL, CR, LF) are below a space, and so
		 * are bytes from 0x80, which are negative here. */
		stop = _mm_cmplt_epi8(v, below_space);
		stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, quote));
		stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, backslash));
		stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, dollar));
		stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, percent));
		mask = (unsigned int)_mm_movemask_epi8(stop);
		if (mask != 0)
			break;
		p += 16;
	}
	p += __builtin_ctz(mask);
#endif
	while (!(char_class[*p] & C_QUOTED_SPECIAL))
		p++;
	return p;
}

/*
 * The end of a run of spaces and tabs from pos. Indentation is a good
 * part of a Terraform file, so spaces are skipped eight at a time: the
 * source is followed by HCL_LEX_PAD zero bytes, which end any run.
 */
static inline size_t
skip_spaces(const unsigned char *s, size_t pos)
{
	const uint64_t spaces = 0x2020202020202020ull;
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t word, diff, nonzero;

	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		goto bytes;
	for (;;) {
		memcpy(&word, s + pos, sizeof word);
		diff = word ^ spaces;
		/* The high bit of each byte of nonzero is set where the
		 * byte is not a space. */
		nonzero = (((diff & low7) + low7) | diff) & ~low7;
		if (nonzero != 0) {
			pos += (size_t)__builtin_ctzll(nonzero) / 8;
			break;
		}
		pos += 8;
	}
bytes:
	while (char_class[s[pos]] & C_SPACE)
		pos++;
	return pos;
}

static inline void
tok_set(struct hcl_token *tok, enum hcl_token_type type, size_t start,
    size_t end, uint32_t line, size_t line_start)
{
	tok->type = type;
	tok->offset = (uint32_t)start;
	tok->length = (uint32_t)(end - start);
	tok->line = line;
	tok->column = (uint32_t)(start - line_start + 1);
}

/*
 * Lex expression mode's common tokens in a loop that keeps its state in
 * locals: whitespace, ASCII names, numbers, newlines, "=", ".", braces,
 * strings of plain text and the single_type bytes. Anything else, and a
 * full token array, goes through lex_main() one token at a time. Most
 * of a file's tokens are lexed here.
 */
static int
lex_run(struct lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t pos = lx->pos, len = lx->len, line_start = lx->line_start;
	struct hcl_token *tok = lx->toks + lx->ntoks;
	struct hcl_token *end = lx->toks + lx->cap;
	uint32_t line = lx->line;

	while (pos < len && tok < end) {
		size_t start = pos;
		unsigned char c = s[pos];
		uint8_t cls = char_class[c];
		enum hcl_token_type type;

		/* src[len] is a NUL, which is in no class: the inner loops
		 * need no bounds check. */
		if (cls & C_SPACE) {
			pos = skip_spaces(s, pos + 1);
			continue;
		}
		if (cls & C_ID_START) {
			size_t after = skip_ident_space(s, pos + 1, &pos);

			if (s[pos] >= 0x80) {
				pos = start;
				break;
			}
			tok_set(tok++, HCL_TOK_IDENT, start, pos, line,
			    line_start);
			pos = after;
			continue;
		} else if (cls & C_DIGIT) {
			pos = scan_number(lx, start);
			type = HCL_TOK_NUMBER;
		} else if (single_type[c] != 0) {
			pos++;
			type = (enum hcl_token_type)single_type[c];
		} else if (c == '\n') {
			pos++;
			tok->type = HCL_TOK_NEWLINE;
			tok->offset = (uint32_t)start;
			tok->length = 1;
			tok->line = line;
			tok->column = (uint32_t)(start - line_start + 1);
			tok++;
			line++;
			line_start = pos;
			lx->nlf++;
			/* Skip the indentation now rather than on the next
			 * trip round the loop. */
			pos = skip_spaces(s, pos);
			continue;
		} else if (c == '=' && (pos + 1 >= len ||
		    (s[pos + 1] != '=' && s[pos + 1] != '>'))) {
			pos++;
			type = HCL_TOK_EQUAL;
		} else if (c == '.' && (pos + 1 >= len || s[pos + 1] != '.')) {
			pos++;
			type = HCL_TOK_DOT;
		} else if (c == '"') {
			const unsigned char *q = s + pos + 1;

			/* A string of plain text makes at most three tokens
			 * and needs no quote mode. Escapes, templates and
			 * UTF-8 go through lex_quoted(). */
			q = skip_plain_text(q);
			if (*q != '"' || end - tok < 3)
				break;
			tok_set(tok++, HCL_TOK_OQUOTE, start, start + 1,
			    line, line_start);
			if ((size_t)(q - s) > start + 1)
				tok_set(tok++, HCL_TOK_QUOTED_LIT, start + 1,
				    (size_t)(q - s), line, line_start);
			pos = (size_t)(q - s);
			start = pos++;
			type = HCL_TOK_CQUOTE;
		} else if (c == '{' && lx->depth < HCL_MAX_DEPTH) {
			pos++;
			lx->stack[lx->depth].mode = MODE_BRACE;
			lx->stack[lx->depth].line_start = 0;
			lx->depth++;
			type = HCL_TOK_LBRACE;
		} else if (c == '}' && (lx->depth == 0 ||
		    lx->stack[lx->depth - 1].mode == MODE_BRACE)) {
			/* Below a brace is expression mode again, so the
			 * loop goes on. A "}" that ends "${" changes mode,
			 * so lex_main() handles it. */
			pos++;
			if (lx->depth)
				lx->depth--;
			type = HCL_TOK_RBRACE;
		} else {
			break;
		}
		tok_set(tok++, type, start, pos, line, line_start);
		/* Tokens are mostly one space apart, so step over that
		 * space without a branch. */
		pos += s[pos] == ' ';
	}
	lx->pos = pos;
	lx->line = line;
	lx->line_start = line_start;
	lx->ntoks = (size_t)(tok - lx->toks);
	if (pos < len)
		return lex_main(lx);
	return 0;
}

/* "${", "${~", "%{" or "%{~" at pos: push interpolation mode. */
static int
lex_template_open(struct lexer *lx, size_t pos)
{
	enum hcl_token_type type;
	size_t end;

	type = lx->s[pos] == '$' ? HCL_TOK_TEMPLATE_INTERP :
	    HCL_TOK_TEMPLATE_CONTROL;
	end = pos + 2;
	if (end < lx->len && lx->s[end] == '~')
		end++;
	if (emit(lx, type, pos, end) == -1)
		return -1;
	lx->pos = end;
	if (lx->depth)
		lx->stack[lx->depth - 1].line_start = 0;
	return push(lx, MODE_INTERP, pos);
}

/*
 * Length of the template text starting at a "$" or "%" that does not
 * open a sequence: "$${" is an escape of three bytes, otherwise the sign
 * alone. 0 when it opens a sequence.
 */
static size_t
template_sign(const struct lexer *lx, size_t p)
{
	const unsigned char *s = lx->s;
	unsigned char sign = s[p];

	if (p + 1 < lx->len && s[p + 1] == '{')
		return 0;
	if (p + 2 < lx->len && s[p + 1] == sign && s[p + 2] == '{')
		return 3;
	return 1;
}

/* A literal run, "${", "%{" or the closing quote inside "...". */
static int
lex_quoted(struct lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t start = lx->pos, p = start, n;

	while (p < lx->len) {
		unsigned char c;

		/* Skip plain text first, without the checks below. */
		p = (size_t)(skip_plain_text(s + p) - s);
		if (p >= lx->len)
			break;
		c = s[p];
		if (c == '"' || c == '\n' || c == '\r')
			break;
		if (c == '\\') {
			if (p + 1 >= lx->len || s[p + 1] == '\n' ||
			    s[p + 1] == '\r') {
				if (p > start && emit(lx, HCL_TOK_QUOTED_LIT,
				    start, p) == -1)
					return -1;
				return lex_error(lx, p, "Invalid character: "
				    "a backslash must be followed by an "
				    "escape sequence selector character");
			}
			/* The escaped character is literal, even "$" or
			 * "%"; the parser checks the escape itself. */
			p++;
			c = s[p];
		} else if (c == '$' || c == '%') {
			n = template_sign(lx, p);
			if (n == 0)
				break;
			p += n;
			continue;
		}
		if (c < 0x80) {
			p++;
			continue;
		}
		n = utf8_len(s + p, lx->len - p);
		if (n == 0)
			return lex_error(lx, p, "Invalid character encoding: "
			    "all input files must be UTF-8 encoded");
		p += n;
	}
	if (p > start) {
		lx->pos = p;
		return emit(lx, HCL_TOK_QUOTED_LIT, start, p);
	}
	if (p == lx->len)
		return 0;
	switch (s[p]) {
	case '"':
		lx->pos = p + 1;
		lx->depth--;
		return emit(lx, HCL_TOK_CQUOTE, p, p + 1);
	case '\n':
	case '\r':
		return lex_error(lx, p, "Invalid multi-line string: quoted "
		    "strings may not be split over multiple lines; use the "
		    "\\n escape or a heredoc (<<EOT) for a multi-line "
		    "string");
	default:
		return lex_template_open(lx, p);
	}
}

/* Whether the heredoc line at pos (which ends with a newline at nl) is
 * the closing marker; sets *end to the end of the marker. */
static int
heredoc_is_marker(const struct lexer *lx, const struct lex_frame *frame,
    size_t pos, size_t nl, size_t *end)
{
	const unsigned char *s = lx->s;
	size_t a = pos, b = nl;

	while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\v' ||
	    s[a] == '\f' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' ||
	    s[b - 1] == '\v' || s[b - 1] == '\f' || s[b - 1] == '\r'))
		b--;
	if (b - a != frame->marker_len ||
	    memcmp(s + a, s + frame->marker, frame->marker_len) != 0)
		return 0;
	*end = b;
	return 1;
}

/* One line (or the part of a line before "${" or "%{") of a heredoc, or
 * its closing marker. */
static int
lex_heredoc(struct lexer *lx)
{
	struct lex_frame *frame = &lx->stack[lx->depth - 1];
	const unsigned char *s = lx->s;
	size_t start = lx->pos, p = start, n, end;

	while (p < lx->len) {
		unsigned char c;

		p = (size_t)(skip_plain_text(s + p) - s);
		if (p >= lx->len)
			break;
		c = s[p];
		if (c == '\n')
			break;
		if (c == '\r') {
			if (p + 1 < lx->len && s[p + 1] == '\n')
				break;
			return lex_error(lx, p, "Invalid character: a "
			    "carriage return must be followed by a line "
			    "feed");
		}
		if (c == '$' || c == '%') {
			n = template_sign(lx, p);
			if (n == 0)
				break;
			p += n;
			continue;
		}
		if (c < 0x80) {
			p++;
			continue;
		}
		n = utf8_len(s + p, lx->len - p);
		if (n == 0)
			return lex_error(lx, p, "Invalid character encoding: "
			    "all input files must be UTF-8 encoded");
		p += n;
	}
	if (p == lx->len) {
		/* No newline: this text cannot be the marker, and the parser
		 * reports the heredoc as unclosed. */
		lx->pos = p;
		if (p > start)
			return emit(lx, HCL_TOK_STRING_LIT, start, p);
		return 0;
	}
	if (s[p] == '$' || s[p] == '%') {
		if (p > start && emit(lx, HCL_TOK_STRING_LIT, start, p) == -1)
			return -1;
		return lex_template_open(lx, p);
	}
	if (frame->line_start && heredoc_is_marker(lx, frame, start, p, &end)) {
		lx->depth--;
		lx->pos = end;
		return emit(lx, HCL_TOK_CHEREDOC, start, end);
	}
	end = p + (s[p] == '\r' ? 2 : 1);
	if (emit(lx, HCL_TOK_STRING_LIT, start, end) == -1)
		return -1;
	new_line(lx, end, s[p] == '\r');
	frame->line_start = 1;
	lx->pos = end;
	return 0;
}

int
hcl_lex_file(struct hcl_file *file, struct hc_error *err)
{
	struct lexer *lx;
	int rc = -1;

	pthread_once(&char_class_once, char_class_init);
	lx = malloc(sizeof *lx);
	if (lx == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	memset(lx, 0, offsetof(struct lexer, stack));
	lx->file = file;
	lx->s = (const unsigned char *)file->src;
	lx->len = file->len;
	lx->line = 1;
	lx->err = err;
	/* The generated Terraform corpus has a token every four bytes.
	 * Reserving one every two costs address space only, because pages
	 * never written are never faulted in; the array is shrunk at the
	 * end. */
	lx->cap = file->len / 2 + 16;
	lx->toks = malloc(lx->cap * sizeof *lx->toks);
	if (lx->toks == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory reading %s",
		    file->path);
		goto out;
	}
	if (lx->len >= 3 && memcmp(lx->s, "\xef\xbb\xbf", 3) == 0) {
		file->has_bom = 1;
		lx->pos = 3;
		lx->line_start = 3;
	}
	while (lx->pos < lx->len) {
		enum lex_mode mode;
		int step;

		mode = lx->depth ? lx->stack[lx->depth - 1].mode : MODE_BRACE;
		if (mode == MODE_QUOTE)
			step = lex_quoted(lx);
		else if (mode == MODE_HEREDOC)
			step = lex_heredoc(lx);
		else
			step = lex_run(lx);
		if (step == -1)
			goto out;
	}
	if (emit(lx, HCL_TOK_EOF, lx->len, lx->len) == -1)
		goto out;
	file->crlf = lx->ncrlf > lx->nlf;
	rc = 0;
out:
	if (rc == 0) {
		struct hcl_token *shrunk;

		/* Give back the slack of the size estimate. */
		shrunk = realloc(lx->toks, lx->ntoks * sizeof *lx->toks);
		file->tokens = shrunk ? shrunk : lx->toks;
		file->ntokens = lx->ntoks;
	} else {
		free(lx->toks);
	}
	free(lx);
	return rc;
}
