locals {  
  a = 1   
  bb = 2	
  ccc = 3
}

resource "null_resource" "x" {
  triggers = {
    always = timestamp()  
  }
}
