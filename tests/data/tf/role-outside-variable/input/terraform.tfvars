codebuild_role_arn = "arn:aws:iam::123456789012:role/platform/codebuild-api"
