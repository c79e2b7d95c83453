from target87.cli import main

raise SystemExit(main())
