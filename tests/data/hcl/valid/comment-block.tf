/* hello */
a = /* inline */ 1
