/* c_marks.c - regions marked from C (bcc) through bench_marks.asm.
 *
 * The call glue (MOV/PUSH of the argument, CALL, RET, stack clean-up) must
 * not appear in any region.  bcc -ansi -0 compiles the body "x += i;" of
 * region 1 to (bcc -S):
 *     mov ax,[_x]        mov r,m   286 5   386 4
 *     add ax,-6[bp]      alu r,m   286 7   386 6
 *     mov [_x],ax        mov m,r   286 3   386 2
 *                                  = 15      = 12
 * Region 2 is empty: exactly 0.  Region 3 encloses a whole region-1 entry:
 * the inner markers' glue is excluded from the outer region too, so it holds
 * the same 15 / 12.
 */
/*@expect c_body 286 15 */
/*@expect c_body 386 12 */
/*@expect c_body_n 286 3 */
/*@expect c_body_min 386 12 */
/*@expect c_body_max 386 12 */
/*@expect c_empty 286 0 */
/*@expect c_empty 386 0 */
/*@expect c_outer 286 15 */
/*@expect c_outer 386 12 */
/*@expect marker_errors 286 0 */
/*@expect insns_386_only 286 0 */
/*@exit 0 */

void bench_begin(unsigned id);
void bench_end(unsigned id);
void bench_name(unsigned id, const char *name);

int x;

int main()
{
    int i;

    bench_name(1, "c_body");
    bench_name(2, "c_empty");
    bench_name(3, "c_outer");
    for (i = 0; i < 2; i++) {
        bench_begin(1);
        x += i;
        bench_end(1);
    }
    bench_begin(2);
    bench_end(2);
    bench_begin(3);
    bench_begin(1);
    x += i;
    bench_end(1);
    bench_end(3);
    return 0;
}
