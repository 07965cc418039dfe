a "héllo" {}
