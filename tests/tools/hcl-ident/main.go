// Command hcl-ident prints, for every code point from U+0080 up that
// HashiCorp's HCL accepts in an identifier, a line "HEX START CONTINUE":
// START is 1 when the code point alone is an identifier, CONTINUE is 1
// when it may follow a letter. ASCII is left out.
package main

import (
	"bufio"
	"fmt"
	"os"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func flag(ok bool) int {
	if ok {
		return 1
	}
	return 0
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for cp := rune(0x80); cp <= utf8.MaxRune; cp++ {
		if !utf8.ValidRune(cp) {
			continue
		}
		start := hclsyntax.ValidIdentifier(string(cp))
		cont := hclsyntax.ValidIdentifier("a" + string(cp))
		if start || cont {
			fmt.Fprintf(out, "%X %d %d\n", cp, flag(start), flag(cont))
		}
	}
}
