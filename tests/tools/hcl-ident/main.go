// Command hcl-ident prints, for every code point from U+0080 up that
// HashiCorp's HCL accepts in an identifier, a line "HEX START CONTINUE":
// START is 1 when the code point alone is an identifier, CONTINUE is 1
// when it may follow a letter. ASCII is left out.
//
// With the argument "columns" it prints instead, for each line of its
// standard input, the number of columns hclwrite gives that text when it
// aligns "=" and comments: its grapheme clusters, as go-textseg counts
// them. (hclwrite imports go-textseg as .../v13/textseg, which GOPATH
// mode finds only for packages inside GOPATH; this command, built from
// its own folder, imports the same source by its folder's path.)
//
// With the argument "graphemes" it prints a line "HEX EXTEND PICTOGRAPH
// PREPEND" for every code point from U+0080 up that has one of the flags.
// EXTEND is 1 when the code point joins the cluster of a letter before
// it. PICTOGRAPH is 1 when it joins a cluster "U+2764 U+200D" before it.
// PREPEND is 1 when a letter after it joins its cluster.
package main

import (
	"bufio"
	"fmt"
	"os"
	"unicode/utf8"

	"github.com/apparentlymart/go-textseg/textseg"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func clusters(s string) int {
	n, _ := textseg.TokenCount([]byte(s), textseg.ScanGraphemeClusters)
	return n
}

func flag(ok bool) int {
	if ok {
		return 1
	}
	return 0
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if len(os.Args) > 1 && os.Args[1] == "columns" {
		in := bufio.NewScanner(os.Stdin)
		in.Buffer(make([]byte, 1<<20), 1<<20)
		for in.Scan() {
			fmt.Fprintf(out, "%d\n", clusters(in.Text()))
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "graphemes" {
		for cp := rune(0x80); cp <= utf8.MaxRune; cp++ {
			if !utf8.ValidRune(cp) {
				continue
			}
			extend := clusters("a"+string(cp)) == 1
			pict := !extend && clusters("\u2764\u200d"+string(cp)) == 1
			prepend := clusters(string(cp)+"a") == 1
			if extend || pict || prepend {
				fmt.Fprintf(out, "%X %d %d %d\n", cp, flag(extend),
					flag(pict), flag(prepend))
			}
		}
		return
	}
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
