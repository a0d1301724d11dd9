from higm_classroom.service import main

main()
