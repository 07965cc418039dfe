data "aws_iam_policy_document" "p" {
  statement {
    sid       = "Pull"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.docker_hub_secret_arn]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = ["us-east-1"]
    }
  }
}
