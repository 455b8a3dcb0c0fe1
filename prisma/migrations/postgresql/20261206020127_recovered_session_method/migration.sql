-- AlterEnum
ALTER TYPE "SignInMethod" ADD VALUE 'recovered';
