; t_file.asm - host file services (INT 21h 3Dh/3Fh/42h/3Eh) and the DOS 5
; memory-strategy / UMB-link answers (5800h-5803h) a module loader needs.
; The program reads its own .COM image (bench86 serves files from the
; directory of the .COM), into a far buffer from INT 21h/48h, and checks every
; result; any wrong result exits with a distinct non-zero code.
;
;@expect open 286 26
;@expect open 386 39
;@expect open_n 286 1
;@expect insns_386_only 286 0
;@exit 0

        cpu     286
        org     100h
%include "bench_marks.inc"

%macro FAIL_IF 1
        j%-1    %%ok
        jmp     fail
%%ok:
%endmacro

start:
        BENCH_NAME 1, "open"

        ; --- open with drive and backslash, name in another case ---
        mov     dx, fname
        BENCH_BEGIN 1
        mov     ax, 3D00h       ;  2  2
        int     21h             ; 24 37
        BENCH_END 1
        mov     dl, 1
        FAIL_IF c
        mov     bp, ax          ; handle
        cmp     ax, 5
        FAIL_IF b

        ; --- size: seek to the end (AL=2), DX:AX = image bytes ---
        mov     ax, 4202h
        mov     bx, bp
        xor     cx, cx
        xor     dx, dx
        int     21h
        mov     si, dx
        mov     dl, 2
        FAIL_IF c
        test    si, si
        FAIL_IF nz
        cmp     ax, image_end - start
        FAIL_IF ne

        ; --- rewind, read 8 bytes into a far buffer (DS:DX, DS from 48h) ---
        mov     ax, 4200h
        mov     bx, bp
        xor     cx, cx
        xor     dx, dx
        int     21h
        mov     dl, 3
        FAIL_IF c
        test    ax, ax
        FAIL_IF nz

        mov     ah, 48h
        mov     bx, 1
        int     21h
        mov     dl, 4
        FAIL_IF c
        mov     es, ax
        push    ds
        mov     ds, ax
        mov     ah, 3Fh
        mov     bx, bp
        mov     cx, 8
        mov     dx, 4
        int     21h
        pop     ds
        mov     dl, 5
        FAIL_IF c
        cmp     ax, 8
        FAIL_IF ne
        mov     si, start
        mov     di, 4
        mov     cx, 8
        cld
        repe    cmpsb
        mov     dl, 6
        FAIL_IF ne

        ; --- seek from the current position, read past the end ---
        mov     ax, 4201h
        mov     bx, bp
        xor     cx, cx
        mov     dx, image_end - start - 8 - 3
        int     21h
        mov     dl, 7
        FAIL_IF c
        cmp     ax, image_end - start - 3
        FAIL_IF ne
        mov     ah, 3Fh
        mov     bx, bp
        mov     cx, 100
        mov     dx, buf
        int     21h
        mov     dl, 8
        FAIL_IF c
        cmp     ax, 3           ; only 3 bytes were left
        FAIL_IF ne
        cmp     byte [buf+2], 0A5h
        FAIL_IF ne

        ; --- close; a second close is a bad handle ---
        mov     ah, 3Eh
        mov     bx, bp
        int     21h
        mov     dl, 9
        FAIL_IF c
        mov     ah, 3Eh
        mov     bx, bp
        int     21h
        mov     dl, 10
        FAIL_IF nc
        cmp     ax, 6
        FAIL_IF ne

        ; --- missing file: AX=2; write access refused: AX=5; no "..": AX=2 ---
        mov     ax, 3D00h
        mov     dx, missing
        int     21h
        mov     dl, 11
        FAIL_IF nc
        cmp     ax, 2
        FAIL_IF ne
        mov     ax, 3D02h
        mov     dx, fname
        int     21h
        mov     dl, 12
        FAIL_IF nc
        cmp     ax, 5
        FAIL_IF ne
        mov     ax, 3D00h
        mov     dx, updir
        int     21h
        mov     dl, 13
        FAIL_IF nc

        ; --- DOS 5 without UMBs: strategy kept, link state 0, link fails ---
        mov     ax, 5801h
        mov     bx, 80h
        int     21h
        mov     dl, 14
        FAIL_IF c
        mov     ax, 5800h
        int     21h
        mov     dl, 15
        FAIL_IF c
        cmp     ax, 80h
        FAIL_IF ne
        stc
        mov     ax, 5802h
        int     21h
        mov     dl, 16
        FAIL_IF c
        cmp     al, 0
        FAIL_IF ne
        mov     ax, 5803h
        mov     bx, 1
        int     21h
        mov     dl, 17
        FAIL_IF nc
        cmp     ax, 1
        FAIL_IF ne

        ; --- DOS reached by PUSHF / CALL FAR [vector] (the client library's
        ;     port_int): served at the stub, result flags in the popped FLAGS ---
        xor     ax, ax
        mov     es, ax
        mov     ah, 30h
        pushf
        cli
        call    far [es:21h*4]
        mov     dl, 18
        cmp     al, 5
        FAIL_IF ne
        pushf                   ; IF is back on after the stub's IRET
        pop     ax
        test    ax, 0200h
        FAIL_IF z
        clc
        mov     ah, 3Eh
        mov     bx, 12          ; not open: CF=1, AX=6
        pushf
        cli
        call    far [es:21h*4]
        mov     dl, 19
        FAIL_IF nc
        cmp     ax, 6
        FAIL_IF ne

        mov     ax, 4C00h
        int     21h

fail:   mov     al, dl          ; exit code = number of the failed check
        mov     ah, 4Ch
        int     21h

fname:   db      "c:\t_FILE.com", 0
missing: db      "NOFILE.XYZ", 0
updir:   db      "..\T_FILE.COM", 0
buf:     times 100 db 0
        db      11h, 22h, 0A5h  ; the last three bytes of the image
image_end:
