from vendor_eval.cli import main

main()
