#!/usr/bin/env python3
"""Write N varied, valid Terraform files into DIR, deterministically.

usage: gen-hcl-corpus.py N DIR [--seed S] [--blocks B] [--codebuild]
                           [--per-folder K]

The files look like real roots: providers, variables, locals, resources
with nested blocks, IAM policies as heredocs and jsonencode(), data
sources, modules and outputs, using every part of the expression and
template grammar. Some files use CRLF newlines, a byte order mark, tabs
or trailing whitespace, which the parser must keep. Every file is
meant to be accepted by HashiCorp's parser; the round-trip test checks
that with hclfmt. --blocks sets the average number of top-level blocks
per file (default 6, about 5 KB).

--codebuild makes about one block in six a CodeBuild setup as people
write it: an aws_codebuild_project whose service_role is an aws_iam_role
of the same file, with a role policy in one of the three usual forms
(heredoc, jsonencode(), a policy document data source), an image that is
on Docker Hub, ECR or CodeBuild's own, and a registry credential that is
complete, partial or missing. --per-folder K writes the files into
folders m0000/, m0001/, ... of K files each, so every folder is a
module. Without these options the output is the same as before they
existed, for the scripts that depend on it.
"""

import argparse
import os
import random

WORDS = ["app", "ci", "build", "web", "api", "data", "logs", "cache",
         "queue", "worker", "main", "edge", "auth", "billing", "search"]
TYPES = ["aws_instance", "aws_s3_bucket", "aws_iam_role",
         "aws_codebuild_project", "aws_security_group", "aws_lambda_function",
         "aws_sqs_queue", "aws_ecr_repository", "aws_cloudwatch_log_group"]
ACTIONS = ["s3:GetObject", "s3:PutObject", "logs:CreateLogStream",
           "logs:PutLogEvents", "ecr:GetAuthorizationToken",
           "secretsmanager:GetSecretValue", "kms:Decrypt"]


VARIABLES = """variable "build_image" {
  type    = string
  default = "example-org/builder:3.1"
}

variable "docker_hub_secret_arn" {
  type        = string
  description = "ARN of the Docker Hub credentials secret"
}
"""


class Gen:
    def __init__(self, rnd, codebuild=False):
        self.r = rnd
        self.depth = 0
        self.codebuild = codebuild
        self.serial = 0

    def word(self):
        return self.r.choice(WORDS)

    def name(self):
        w = self.word()
        if self.r.random() < 0.3:
            w += "_" + self.word()
        if self.r.random() < 0.1:
            w += "-" + self.word()
        return w

    def string(self):
        r = self.r.random()
        if r < 0.5:
            return '"%s-%s"' % (self.word(), self.word())
        if r < 0.65:
            return '"${var.%s}-%s"' % (self.name(), self.word())
        if r < 0.72:
            return '"%s\\n\\t\\"q\\" \\\\ \\u00e9"' % self.word()
        if r < 0.78:
            return '"$${literal} %%{x} 100% $5"'
        if r < 0.84:
            return ('"%%{ if var.%s }on%%{ else }off%%{ endif }"'
                    % self.name())
        if r < 0.9:
            return ('"%%{ for x in var.%s ~}${x},%%{~ endfor }"'
                    % self.name())
        if r < 0.95:
            return '"h\u00e9llo w\u00f6rld \u2603"'
        return '""'

    def ref(self):
        r = self.r.random()
        if r < 0.3:
            return "var." + self.name()
        if r < 0.5:
            return "local." + self.name()
        if r < 0.7:
            return "%s.%s.%s" % (self.r.choice(TYPES), self.name(),
                                 self.r.choice(["id", "arn", "name"]))
        if r < 0.8:
            return "module.%s.%s" % (self.name(), self.word())
        if r < 0.87:
            return "%s.%s[0].id" % (self.r.choice(TYPES), self.name())
        if r < 0.93:
            return "%s.%s[*].arn" % (self.r.choice(TYPES), self.name())
        if r < 0.97:
            return "data.%s.%s.json" % (self.r.choice(TYPES), self.name())
        return 'var.%s["%s"].%s' % (self.name(), self.word(), self.word())

    def expr(self, indent):
        self.depth += 1
        try:
            if self.depth > 4:
                return self.r.choice([self.string(), self.ref(), "1"])
            return self._expr(indent)
        finally:
            self.depth -= 1

    def _expr(self, indent):
        r = self.r.random()
        if r < 0.3:
            return self.string()
        if r < 0.45:
            return self.ref()
        if r < 0.5:
            return self.r.choice(["true", "false", "null", "0", "42",
                                  "3.14", "1e3", "-1"])
        if r < 0.58:
            return self.tuple(indent)
        if r < 0.64:
            return self.object(indent)
        if r < 0.7:
            return "%s(%s)" % (self.r.choice(["upper", "lower", "length",
                                              "toset", "tolist", "try"]),
                               self.expr(indent))
        if r < 0.74:
            return 'join(",", %s)' % self.tuple(indent)
        if r < 0.78:
            return "merge(%s, %s)" % (self.ref(), self.object(indent))
        if r < 0.82:
            return "%s ? %s : %s" % (self.cond(), self.expr(indent),
                                     self.expr(indent))
        if r < 0.86:
            return "[for %s in %s : %s]" % (
                "x", self.ref(), self.r.choice(["upper(x)", "x.id",
                                                 "x if x != null"]))
        if r < 0.89:
            return "{ for k, v in %s : k => v%s }" % (
                self.ref(), self.r.choice(["", "...", " if v != null"]))
        if r < 0.92:
            return "(%s + %s) * %s" % (self.ref(), "1", "2")
        if r < 0.94:
            return "concat(%s, %s...)" % (self.tuple(indent), "[1]")
        if r < 0.96:
            return "!%s" % self.ref()
        if r < 0.98:
            return "%s.*.id" % self.ref()
        return "lookup(%s, \"k\", null)" % self.ref()

    def cond(self):
        return self.r.choice([
            "var.enabled", "var.count > 0 && var.on",
            "length(var.items) == 0 || var.force", "!var.disabled",
            "var.env != \"prod\"", "var.n % 2 == 0", "var.a <= var.b"])

    def tuple(self, indent):
        n = self.r.randint(0, 4)
        items = [self.expr(indent + 2) for _ in range(n)]
        if n < 3 or self.r.random() < 0.5:
            return "[" + ", ".join(items) + "]"
        pad = " " * (indent + 2)
        trail = "," if self.r.random() < 0.7 else ""
        return ("[\n" + ",\n".join(pad + i for i in items) + trail + "\n"
                + " " * indent + "]")

    def object(self, indent):
        n = self.r.randint(0, 4)
        keys = []
        for _ in range(n):
            k = self.name()
            if k not in keys:
                keys.append(k)
        if not keys:
            return "{}"
        if len(keys) < 3 and self.r.random() < 0.5:
            return "{ " + ", ".join("%s = %s" % (k, self.string())
                                    for k in keys) + " }"
        pad = " " * (indent + 2)
        lines = []
        for k in keys:
            key = k if self.r.random() < 0.8 else '"%s"' % k.upper()
            sep = "=" if self.r.random() < 0.9 else ":"
            lines.append("%s%s %s %s" % (pad, key, sep,
                                         self.expr(indent + 2)))
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"

    def comment(self):
        return self.r.choice([
            "# " + self.word() + " settings",
            "// " + self.word() + " " + self.word(),
            "/* " + self.word() + " */",
            "/*\n * " + self.word() + "\n */"])

    def attrs(self, indent, n):
        pad = " " * indent
        names = []
        while len(names) < n:
            k = self.name()
            if k not in names:
                names.append(k)
        width = max(len(k) for k in names) if names else 0
        out = []
        for k in names:
            line = "%s%s = %s" % (pad, k.ljust(width), self.expr(indent))
            if self.r.random() < 0.1:
                line += " # " + self.word()
            out.append(line)
        return out

    def body(self, indent, blocks):
        out = self.attrs(indent, self.r.randint(1, 6))
        for _ in range(blocks):
            out.append("")
            if self.r.random() < 0.15:
                out.append(" " * indent + self.comment().replace(
                    "\n", "\n" + " " * indent))
            btype = self.r.choice(["environment", "statement", "ingress",
                                   "lifecycle", "setting", "rule"])
            if self.r.random() < 0.1:
                out.append(" " * indent + "%s { %s = %s }" % (
                    btype, self.name(), self.string()))
                continue
            if self.r.random() < 0.1:
                out.append(" " * indent + 'dynamic "%s" {' % btype)
                out.append(" " * (indent + 2) + "for_each = " + self.ref())
                out.append(" " * (indent + 2) + "content {")
                out.extend(self.attrs(indent + 4, 2))
                out.append(" " * (indent + 2) + "}")
                out.append(" " * indent + "}")
                continue
            out.append(" " * indent + btype + " {")
            out.extend(self.body(indent + 2, self.r.randint(0, 1)
                                 if indent < 6 else 0))
            out.append(" " * indent + "}")
        return out

    def policy_heredoc(self):
        marker = self.r.choice(["EOF", "POLICY", "JSON", "EOT"])
        flush = self.r.random() < 0.3
        pad = "  " if flush else ""
        acts = ",\n".join('%s        "%s"' % (pad, a) for a in
                          self.r.sample(ACTIONS, 2))
        return ("<<%s%s\n%s{\n%s  \"Version\": \"2012-10-17\",\n"
                "%s  \"Statement\": [{\n%s    \"Effect\": \"Allow\",\n"
                "%s    \"Action\": [\n%s\n%s    ],\n"
                "%s    \"Resource\": \"${%s}\"\n%s  }]\n%s}\n%s%s"
                % ("-" if flush else "", marker, pad, pad, pad, pad, pad,
                   acts, pad, pad, self.ref(), pad, pad, pad, marker))

    def jsonencode_policy(self):
        return ("jsonencode({\n    Version = \"2012-10-17\"\n"
                "    Statement = [\n      {\n        Effect   = \"Allow\"\n"
                "        Action   = [\"%s\"]\n        Resource = [%s]\n"
                "      },\n    ]\n  })" % (self.r.choice(ACTIONS),
                                           self.ref()))

    def image(self):
        return self.r.choice([
            '"aws/codebuild/standard:7.0"',
            '"aws/codebuild/amazonlinux2-x86_64-standard:5.0"',
            '"node:20"', '"python:3.12-slim"', '"example-org/builder:3.1"',
            '"docker.io/library/golang:1.22"', "var.build_image",
            '"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:latest"',
            '"public.ecr.aws/docker/library/alpine:3.19"'])

    def action(self):
        """Return the action the role policy allows: in half the setups
        it is not the one that reads the Docker Hub secret."""
        return self.r.choice(["secretsmanager:GetSecretValue",
                              "s3:GetObject"])

    def codebuild_policy(self, n, action):
        r = self.r.random()
        if r < 0.4:
            return ['resource "aws_iam_role_policy" "%s" {' % n,
                    "  role   = aws_iam_role.%s.id" % n,
                    "  policy = <<EOF", "{",
                    '  "Version": "2012-10-17",',
                    '  "Statement": [{', '    "Effect": "Allow",',
                    '    "Action": ["logs:PutLogEvents", "%s"],' % action,
                    '    "Resource": "${var.docker_hub_secret_arn}"',
                    "  }]", "}", "EOF", "}"]
        if r < 0.75:
            return ['resource "aws_iam_role_policy" "%s" {' % n,
                    "  role = aws_iam_role.%s.id" % n,
                    "  policy = jsonencode({",
                    '    Version = "2012-10-17"',
                    "    Statement = [{",
                    '      Effect   = "Allow"',
                    '      Action   = ["logs:CreateLogStream", "%s"]'
                    % action,
                    "      Resource = [var.docker_hub_secret_arn]",
                    "    }]", "  })", "}"]
        return ['data "aws_iam_policy_document" "%s" {' % n,
                "  statement {",
                '    actions   = ["%s"]' % action,
                "    resources = [var.docker_hub_secret_arn]",
                "  }", "}", "",
                'resource "aws_iam_role_policy" "%s" {' % n,
                "  role   = aws_iam_role.%s.id" % n,
                "  policy = data.aws_iam_policy_document.%s.json" % n,
                "}"]

    def codebuild_setup(self):
        """Return the lines of a project, its service role and the
        role's policy."""
        self.serial += 1
        n = "%s_%d" % (self.word(), self.serial)
        env = ["  environment {",
               '    compute_type = "BUILD_GENERAL1_SMALL"',
               "    image        = %s" % self.image(),
               '    type         = "LINUX_CONTAINER"']
        r = self.r.random()
        if r < 0.3:
            env += ['    image_pull_credentials_type = "SERVICE_ROLE"', "",
                    "    registry_credential {",
                    "      credential          = var.docker_hub_secret_arn",
                    '      credential_provider = "SECRETS_MANAGER"',
                    "    }"]
        elif r < 0.4:
            env += ['    image_pull_credentials_type = "CODEBUILD"']
        env += ["  }"]
        return (['resource "aws_codebuild_project" "%s" {' % n,
                 '  name         = "%s"' % n.replace("_", "-"),
                 "  service_role = aws_iam_role.%s.arn" % n, "",
                 "  artifacts {", '    type = "NO_ARTIFACTS"', "  }", ""]
                + env +
                ["", "  source {", '    type     = "GITHUB"',
                 '    location = "https://github.com/example/%s.git"'
                 % self.word(), "  }", "}", "",
                 'resource "aws_iam_role" "%s" {' % n,
                 '  name = "%s-codebuild"' % n.replace("_", "-"),
                 "  assume_role_policy = jsonencode({",
                 '    Version = "2012-10-17"',
                 "    Statement = [{",
                 '      Effect    = "Allow"',
                 '      Principal = { Service = "codebuild.amazonaws.com" }',
                 '      Action    = "sts:AssumeRole"',
                 "    }]", "  })", "}", ""]
                + self.codebuild_policy(n, self.action()))

    def block(self):
        if self.codebuild and self.r.random() < 1 / 6:
            return self.codebuild_setup()
        r = self.r.random()
        if r < 0.08:
            return ['variable "%s" {' % self.name(),
                    "  type        = %s" % self.r.choice(
                        ["string", "number", "bool", "list(string)",
                         "map(string)",
                         "object({ a = string, b = optional(number) })"]),
                    "  description = %s" % self.string(),
                    "  default     = %s" % self.expr(2),
                    "}"]
        if r < 0.13:
            return ["locals {"] + self.attrs(2, self.r.randint(2, 6)) + ["}"]
        if r < 0.18:
            return ['output "%s" {' % self.name(),
                    "  value = %s" % self.expr(2), "}"]
        if r < 0.23:
            return ['module "%s" {' % self.name(),
                    '  source = "./modules/%s"' % self.word()] + \
                self.attrs(2, 3) + ["}"]
        if r < 0.3:
            return ['resource "aws_iam_role_policy" "%s" {' % self.name(),
                    "  role   = aws_iam_role.%s.id" % self.name(),
                    "  policy = %s" % (self.policy_heredoc()
                                       if self.r.random() < 0.5
                                       else self.jsonencode_policy()),
                    "}"]
        if r < 0.35:
            return ['data "aws_iam_policy_document" "%s" {' % self.name(),
                    "  statement {",
                    "    actions   = [%s]" % ", ".join(
                        '"%s"' % a for a in self.r.sample(ACTIONS, 2)),
                    "    resources = [%s]" % self.ref(),
                    "  }", "}"]
        if r < 0.38:
            return ['provider "aws" {', '  region = "us-east-1"',
                    '  alias  = "%s"' % self.word(), "}"]
        if r < 0.4:
            return ["terraform {", '  required_version = ">= 1.3"',
                    "  required_providers {", "    aws = {",
                    '      source  = "hashicorp/aws"',
                    '      version = "~> 5.0"', "    }", "  }", "}"]
        label = self.name()
        if self.r.random() < 0.05:
            label += "\\u0041"
        head = 'resource "%s" "%s" {' % (self.r.choice(TYPES), label)
        return [head] + self.body(2, self.r.randint(0, 3)) + ["}"]

    def file(self, blocks, head=""):
        lines = head.splitlines() + ([""] if head else [])
        if self.r.random() < 0.3:
            lines.append(self.comment())
            lines.append("")
        for i in range(blocks):
            if i:
                lines.append("")
            if self.r.random() < 0.1:
                lines.append(self.comment())
            lines.extend(self.block())
        text = "\n".join(lines) + "\n"
        r = self.r.random()
        if r < 0.05:
            text = text.replace("  ", "\t")
        elif r < 0.1 and "<<" not in text:
            # Not with heredocs: "<<EOF  " opens no heredoc.
            text = text.replace("\n", "  \n")
        if self.r.random() < 0.1:
            text = text.replace("\n", "\r\n")
        if self.r.random() < 0.03:
            text = "\ufeff" + text
        if self.r.random() < 0.03:
            text = text.rstrip("\r\n")
        return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--blocks", type=int, default=6)
    ap.add_argument("--codebuild", action="store_true")
    ap.add_argument("--per-folder", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rnd = random.Random(args.seed)
    gen = Gen(rnd, args.codebuild)
    for i in range(args.n):
        blocks = rnd.randint(1, 2 * args.blocks)
        folder = args.dir
        if args.per_folder > 0:
            folder = os.path.join(args.dir, "m%04d" % (i // args.per_folder))
            os.makedirs(folder, exist_ok=True)
        head = ""
        if args.codebuild and i % max(args.per_folder, args.n) == 0:
            # The first file of a module declares the variables its
            # CodeBuild setups use.
            head = VARIABLES
        text = gen.file(blocks, head)
        path = os.path.join(folder, "gen-%05d.tf" % i)
        with open(path, "w", encoding="utf-8", newline="") as fp:
            fp.write(text)


if __name__ == "__main__":
    main()
