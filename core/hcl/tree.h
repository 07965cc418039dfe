/*
 * The concrete syntax tree of one HCL native-syntax file.
 *
 * The file's bytes are kept as read. Tokens cover every byte that is not
 * horizontal whitespace (space, tab, and a \r that is not part of a \r\n
 * newline); a UTF-8 byte order mark at offset 0 is skipped and recorded in
 * has_bom. So the gaps between consecutive tokens are whitespace only, and
 * printing an unedited tree is writing src back.
 *
 * Tree nodes refer to tokens by index into tokens[]. A node's first and
 * last fields are inclusive token indices. Positions are 1-based: line,
 * and column in bytes from the start of the line.
 *
 * All nodes are allocated from an arena owned by the file and released by
 * hcl_file_free().
 */
#ifndef HUBCRED_CORE_HCL_TREE_H
#define HUBCRED_CORE_HCL_TREE_H

#include <stddef.h>
#include <stdint.h>

/* EOF, NEWLINE and COMMENT come first: the parser's look-ahead lets
 * every type above HCL_TOK_COMMENT through with one comparison. */
enum hcl_token_type {
	HCL_TOK_EOF,
	HCL_TOK_NEWLINE,	/* "\n" or "\r\n" */
	HCL_TOK_COMMENT,	/* "# ..." or "// ..." without the newline,
				   or a whole block comment */
	HCL_TOK_IDENT,
	HCL_TOK_NUMBER,
	HCL_TOK_OQUOTE,		/* opening " */
	HCL_TOK_CQUOTE,		/* closing " */
	HCL_TOK_QUOTED_LIT,	/* literal text inside "...", escapes raw */
	HCL_TOK_OHEREDOC,	/* "<<EOF" or "<<-EOF" with its newline */
	HCL_TOK_CHEREDOC,	/* the closing marker line, indentation and
				   marker, without the newline after it */
	HCL_TOK_STRING_LIT,	/* literal text inside a heredoc */
	HCL_TOK_TEMPLATE_INTERP,	/* "${" or "${~" */
	HCL_TOK_TEMPLATE_CONTROL,	/* "%{" or "%{~" */
	HCL_TOK_TEMPLATE_SEQ_END,	/* "}" or "~}" ending ${ or %{ */
	HCL_TOK_LBRACE,
	HCL_TOK_RBRACE,
	HCL_TOK_LBRACK,
	HCL_TOK_RBRACK,
	HCL_TOK_LPAREN,
	HCL_TOK_RPAREN,
	HCL_TOK_COMMA,
	HCL_TOK_DOT,
	HCL_TOK_ELLIPSIS,
	HCL_TOK_EQUAL,		/* = */
	HCL_TOK_COLON,
	HCL_TOK_QUESTION,
	HCL_TOK_FAT_ARROW,	/* => */
	HCL_TOK_PLUS,
	HCL_TOK_MINUS,
	HCL_TOK_STAR,
	HCL_TOK_SLASH,
	HCL_TOK_PERCENT,
	HCL_TOK_AND,		/* && */
	HCL_TOK_OR,		/* || */
	HCL_TOK_BANG,
	HCL_TOK_EQUAL_OP,	/* == */
	HCL_TOK_NOT_EQUAL,	/* != */
	HCL_TOK_LESS,
	HCL_TOK_LESS_EQUAL,
	HCL_TOK_GREATER,
	HCL_TOK_GREATER_EQUAL,
	HCL_TOK_INVALID,
};

/* A token index field that refers to no token (for example op_token of a
 * FOR without a key variable). */
#define HCL_NO_TOKEN UINT32_MAX

struct hcl_token {
	enum hcl_token_type type;
	uint32_t offset;
	uint32_t length;
	uint32_t line;
	uint32_t column;
};

enum hcl_expr_type {
	HCL_EXPR_LITERAL,	/* number, true, false, null: one token */
	HCL_EXPR_TEMPLATE,	/* "..." */
	HCL_EXPR_HEREDOC,	/* <<EOF ... EOF */
	HCL_EXPR_TRAVERSAL,	/* name followed by .attr, [index], .0 steps */
	HCL_EXPR_CALL,
	HCL_EXPR_TUPLE,
	HCL_EXPR_OBJECT,
	HCL_EXPR_FOR,
	HCL_EXPR_CONDITIONAL,
	HCL_EXPR_BINARY,
	HCL_EXPR_UNARY,
	HCL_EXPR_PARENS,
	HCL_EXPR_INDEX,		/* expr[key] on something not a traversal */
	HCL_EXPR_GETATTR,	/* expr.name on something not a traversal */
	HCL_EXPR_SPLAT,		/* expr[*]... or expr.*... */
	HCL_EXPR_TEMPLATE_IF,	/* %{if}...%{else}...%{endif} */
	HCL_EXPR_TEMPLATE_FOR,	/* %{for}...%{endfor} */
};

/*
 * Children by type:
 *   TEMPLATE, HEREDOC  the parts in order: literal runs are LITERAL nodes
 *                      over one QUOTED_LIT/STRING_LIT token, interpolations
 *                      are the inner expression, directives TEMPLATE_IF/FOR
 *   TRAVERSAL          none; the tokens first..last are the traversal
 *   CALL               the arguments; name_token is the function name and
 *                      expand is set when the last argument has "..."
 *   TUPLE              the elements
 *   OBJECT             key0, value0, key1, value1, ... (a bare key is a
 *                      TRAVERSAL of one token)
 *   FOR                [key var expr unused], collection, key/value result
 *                      expressions and condition, as parsed
 *   CONDITIONAL        condition, true result, false result
 *   BINARY             left, right; op_token is the operator
 *   UNARY              operand; op_token is the operator
 *   PARENS             the inner expression
 *   INDEX              collection, key
 *   GETATTR            source; name_token is the attribute
 *   SPLAT              source
 *
 * In detail (token fields a type does not use are HCL_NO_TOKEN):
 *   The token array ends with an HCL_TOK_EOF token of length 0 at offset
 *   len. Every QUOTED_LIT is a maximal literal run, so a quoted label
 *   is OQUOTE, at most one QUOTED_LIT, CQUOTE. A heredoc has one
 *   STRING_LIT per line, including the line's newline (or the part of
 *   the line before a "${" or "%{").
 *   TEMPLATE, HEREDOC  first/last are the OQUOTE/CQUOTE or the
 *                      OHEREDOC/CHEREDOC. "${x}" alone is a TEMPLATE with
 *                      one child. An empty string has no children.
 *   TEMPLATE_IF        condition, then a TEMPLATE of the parts before
 *                      %{else} (or %{endif}), then a TEMPLATE of the else
 *                      parts when there is an %{else}. first is the "%{"
 *                      of the if, last the "}" of the endif. A branch
 *                      TEMPLATE covers the tokens between its directives:
 *                      first == last + 1 when it is empty.
 *   TEMPLATE_FOR       collection, then a TEMPLATE of the body;
 *                      name_token is the value variable, op_token the key
 *                      variable.
 *   FOR                collection, key expression (object form only),
 *                      value expression, condition (when there is an
 *                      "if"); name_token is the value variable, op_token
 *                      the key variable, expand is set for the grouping
 *                      "...". first/last are the brackets or braces.
 *   CALL               op_token is the "(", last the ")". A namespaced
 *                      name (provider::aws::arn_parse, Terraform 1.8)
 *                      is the tokens name_token .. op_token - 1, its
 *                      "::" two adjacent COLON tokens.
 *   TRAVERSAL          also covers literal index steps: a[0], a["k"],
 *                      a.0; a non-literal index makes an INDEX whose
 *                      collection is the traversal.
 *   INDEX              also a literal key on a non-traversal: f()[0].
 *   SPLAT              source, then the keys of non-literal index steps
 *                      after the splat operator (a[*].b[var.i] has
 *                      children a and var.i); last is the final step.
 *   BINARY             op_token as above; UNARY: op_token == first.
 */
struct hcl_expr {
	enum hcl_expr_type type;
	uint32_t first;
	uint32_t last;
	uint32_t name_token;
	uint32_t op_token;
	int expand;
	struct hcl_expr **children;
	size_t nchildren;
};

enum hcl_item_type {
	HCL_ITEM_ATTRIBUTE,
	HCL_ITEM_BLOCK,
};

struct hcl_item;

struct hcl_body {
	struct hcl_item *items;
	size_t nitems;
};

/*
 * An attribute or a block in a body. first is the name or type token; last
 * is the final token of the item (the last token of the expression, or the
 * closing brace), before any trailing comment and newline.
 */
struct hcl_item {
	enum hcl_item_type type;
	uint32_t first;
	uint32_t last;

	/* HCL_ITEM_ATTRIBUTE */
	uint32_t equals;
	struct hcl_expr *expr;

	/* HCL_ITEM_BLOCK: labels are IDENT tokens or OQUOTE tokens of a
	 * quoted label (the label text is the token after the OQUOTE). */
	uint32_t *labels;
	size_t nlabels;
	uint32_t open_brace;
	uint32_t close_brace;
	struct hcl_body body;
};

struct hcl_arena;

struct hcl_file {
	char *path;		/* as given to the parser, for messages */
	char *src;		/* the bytes, NUL-terminated for convenience */
	size_t len;
	int has_bom;
	int crlf;		/* 1 when most newlines are \r\n */
	struct hcl_token *tokens;
	size_t ntokens;
	struct hcl_body body;
	struct hcl_arena *arena;
};

#endif
