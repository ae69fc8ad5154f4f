import MICommandLine

MICommand.main()
