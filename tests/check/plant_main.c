/* plant_main.c - host program for the 286 check's own test (see
 * tools/check286-selftest.sh); it only has to link. */
void planted(void);
int main(void)
{
    planted();
    return 0;
}
