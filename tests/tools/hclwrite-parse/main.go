// Command hclwrite-parse parses Terraform files with HashiCorp's lossless
// parser, hclwrite.ParseConfig, and prints how long the parses took, so
// bench/hcl-parse.sh can set hubcred's parser beside it in the same run.
//
//	hclwrite-parse [-q] [-l LIST] [FILE...]
//
// Each file is read before its parse starts; only the parse is timed. CPU
// time is the process's user and system time (getrusage), which includes
// the garbage collector's threads, summed over the parses. The last line
// reads like hubcred's hcl-parse-tool -b:
//
//	parsed N bytes in S s: R MB/s (wall W s)
//
// -l reads more file names, one a line, from LIST ("-" for standard
// input). A file that does not parse is reported on standard error and
// makes the exit status 1; an unreadable one makes it 3.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

type totals struct {
	bytes  int64
	cpu    time.Duration
	wall   time.Duration
	status int
}

func cpuTime() time.Duration {
	var ru syscall.Rusage

	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fmt.Fprintf(os.Stderr, "hclwrite-parse: getrusage: %v\n", err)
		os.Exit(3)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (t *totals) parse(path string, quiet bool) {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "hclwrite-parse: %v\n", err)
		t.status = 3
		return
	}
	c0, w0 := cpuTime(), time.Now()
	_, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	t.wall += time.Since(w0)
	t.cpu += cpuTime() - c0
	t.bytes += int64(len(src))
	if diags.HasErrors() {
		fmt.Fprintf(os.Stderr, "%s\n", diags.Error())
		if t.status == 0 {
			t.status = 1
		}
	} else if !quiet {
		fmt.Printf("OK %s\n", path)
	}
}

func (t *totals) list(name string, quiet bool) {
	f := os.Stdin
	if name != "-" {
		var err error
		if f, err = os.Open(name); err != nil {
			fmt.Fprintf(os.Stderr, "hclwrite-parse: %v\n", err)
			os.Exit(3)
		}
		defer f.Close()
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			t.parse(sc.Text(), quiet)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "hclwrite-parse: %s: %v\n", name, err)
		os.Exit(3)
	}
}

func main() {
	var t totals

	quiet := flag.Bool("q", false, "print only failures")
	listName := flag.String("l", "", "read file names from this file")
	flag.Parse()
	if *listName != "" {
		t.list(*listName, *quiet)
	}
	for _, path := range flag.Args() {
		t.parse(path, *quiet)
	}
	secs := t.cpu.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(t.bytes) / 1e6 / secs
	}
	fmt.Printf("parsed %d bytes in %.3f s: %.1f MB/s (wall %.3f s)\n",
		t.bytes, secs, rate, t.wall.Seconds())
	os.Exit(t.status)
}
