import { Module } from '@nestjs/common';
import { AuthMeController } from './auth-me.controller';

@Module({ controllers: [AuthMeController] })
export class AuthHttpModule {}
