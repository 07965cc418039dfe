resource "aws_iam_role_policy" "cb" {
  role = aws_iam_role.cb.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:*", Resource = "*" }, {
    Sid      = "DockerHubSecret"
    Effect   = "Allow"
    Action   = "secretsmanager:GetSecretValue"
    Resource = var.docker_hub_secret_arn
  }] })
}
