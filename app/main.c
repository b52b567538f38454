/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stub: being written */
int
main (int argc, char **argv)
{
  return 0;
}
