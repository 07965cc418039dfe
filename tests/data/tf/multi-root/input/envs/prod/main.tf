module "cb" {
  source = "../../modules/cb"
  env    = "prod"
}
