from kzbrief.cli import main

main()
