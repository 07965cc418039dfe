{"Version": "2012-10-17", "Statement": []}
