resource "aws_iam_role_policy" "cb" {
  role   = aws_iam_role.cb.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:*", Resource = "*" }], Id = "ci" })
}
