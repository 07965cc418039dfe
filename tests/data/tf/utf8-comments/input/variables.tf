variable "région" {
  type    = string
  default = "eu-west-3" # Paris ☁
}
// fin du fichier — 終わり
