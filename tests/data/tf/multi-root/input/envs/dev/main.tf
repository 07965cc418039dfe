module "cb" {
  source = "../../modules/cb"
  env    = "dev"
}
