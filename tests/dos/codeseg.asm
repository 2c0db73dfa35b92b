; codeseg.asm - the code segment of a test program, for tests that look at
; the client library's code (its routines' offsets are CS offsets: the
; COM is linked with separate code and data, so DS is not CS).
; Linked into every test COM (tests/dos/*.asm).
;
; unsigned dt_cs(void)
; C twin: none (a test helper).  In: nothing.  Out: AX = CS.
; Modifies: AX.  Context: any.
cpu 286
section .text
global _dt_cs
_dt_cs:
    mov ax, cs
    ret
