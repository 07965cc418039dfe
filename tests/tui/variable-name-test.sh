#!/bin/bash
# --record into a folder that does not exist, onto a Terraform file or
# onto a file that is not an answers file is rejected at start-up.
# The variable name field shows why a name is rejected: an invalid name,
# a name Terraform reserves, and a variable the root already has for
# another use. Nothing is written.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$(tui_copy_root several)
ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/hub-AbCdEf"

echo "--record into a missing folder"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT" \
    --record "$TUI_TMP/gone/answers.json"
tui_expect_status 2
grep -q "answers.json: --record: the folder .*/gone does not exist" \
    "$TUI_TMP/stderr" || tui_fail "--record: $(cat "$TUI_TMP/stderr")"

echo "--record onto a Terraform file or someone's file"
cp "$ROOT/build.tf" "$TUI_TMP/build.tf.orig"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT" \
    --record "$ROOT/build.tf"
tui_expect_status 2
grep -q "build.tf: --record: this is the name of a Terraform file" \
    "$TUI_TMP/stderr" || tui_fail "--record: $(cat "$TUI_TMP/stderr")"
cmp -s "$ROOT/build.tf" "$TUI_TMP/build.tf.orig" ||
    tui_fail "--record changed build.tf"
echo "notes to keep" > "$TUI_TMP/notes.txt"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT" \
    --record "$TUI_TMP/notes.txt"
tui_expect_status 2
grep -q "notes.txt: --record: the file exists and is not a hubcred" \
    "$TUI_TMP/stderr" || tui_fail "--record: $(cat "$TUI_TMP/stderr")"
[ "$(cat "$TUI_TMP/notes.txt")" = "notes to keep" ] ||
    tui_fail "--record changed notes.txt"

tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "dckr_pat_VARNAMEzz93"
tui_keys Enter
tui_wait "▸ Enter the token again"
tui_keys k Enter
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "(optional; empty: the AWS managed key)"
tui_keys Enter Enter
tui_wait "▸ Use an existing secret ARN instead" 20
tui_keys Enter
tui_wait "The secret is used as it is."
tui_type "$ARN"
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"

echo "invalid name"
tui_keys C-u
tui_type "1abc"
tui_keys Enter
tui_wait 'invalid variable name "1abc"'

echo "a space"
tui_keys C-u
tui_wait_gone 'invalid variable name "1abc"'
tui_type "a b"
tui_keys Enter
tui_wait "invalid variable name \"a b\": ' ' is not allowed"

echo "reserved"
tui_keys C-u
tui_type "count"
tui_keys Enter
tui_wait '"count" is reserved by Terraform'

echo "a variable the root has for another use"
tui_keys C-u
tui_type "region"
tui_keys Enter
tui_wait 'variables.tf:1: variable "region" is already declared'
tui_wait 'choose a free name, such as docker_hub_secret_arn'

tui_keys C-c
tui_wait_exit
diff -r "$HUBCRED_SOURCE_ROOT/tests/tui/data/several" "$ROOT" >/dev/null ||
    tui_fail "files changed"
echo "all checks passed"
