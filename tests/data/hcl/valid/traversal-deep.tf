a = aws_iam_role.build.arn
